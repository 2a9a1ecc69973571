"""Balans Schuldhulptraject API.

Het schuldhulptraject van aanvraag tot nazorg: beschikking, stabilisatie, schuldregeling,
afloscapaciteit en caseload.
"""
