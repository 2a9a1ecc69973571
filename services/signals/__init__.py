"""Balans Vroegsignalering API.

Vroegsignalen van schuldeisers: aanleveren, valideren, bundelen tot een casus, huisbezoek,
terugkoppeling en bewaartermijnen.
"""
