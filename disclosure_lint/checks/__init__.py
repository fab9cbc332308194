"""Checking: rules as YAML data, the rule kinds' engines that run them, a run's configuration,
suppressions and the diagnostics they produce."""
