"""NER and audiology-interpretation endpoints."""
