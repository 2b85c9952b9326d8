"""SOAP notes: generation for a visit, versions on every edit, approval and amendments."""
