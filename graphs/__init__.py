"""LangGraph graphs of Echo Notes (registered in langgraph.json)."""
