"""Balans Intake API.

De voordeur van schuldhulpverlening: meldingen, crisistriage, het aanmeldgesprek, MDO, advies en
de aanvraag.
"""
