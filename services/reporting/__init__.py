"""Balans Rapportage API.

Indicatoren van het beleidsplan en de Divosa-benchmark, berekend uit anonieme gebeurtenissen,
voor raad en BI-tools.
"""
