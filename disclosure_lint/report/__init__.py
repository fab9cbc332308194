"""The typed report: what a raw document says — template era, tables and their cells, dates and the
statistics period, contacts, the prose and the issuer."""
