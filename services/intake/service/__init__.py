"""Use cases of the intake service: each takes the IntakeContext and plain values, never commits."""
