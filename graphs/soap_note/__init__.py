"""The SOAP note graph: mask → entities → audiology → draft → judge ⟲ revise → unmask."""

from graphs.soap_note.graph import builder, graph

__all__ = ["builder", "graph"]
