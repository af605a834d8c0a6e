"""Plainly: self-hosted publishing for question-and-answer explainer sites."""
