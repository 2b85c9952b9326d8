"""Echo Notes: SOAP notes and chat over past notes for hearing-care clinicians."""

__version__ = "0.1.0"
