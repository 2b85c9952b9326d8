"""HTTP-facing domain slices: each folder holds one concept's controllers, services and schemas."""
