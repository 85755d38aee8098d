"""The rules, one module per concern. Pure functions: ticket data and profile rules in, findings out."""
