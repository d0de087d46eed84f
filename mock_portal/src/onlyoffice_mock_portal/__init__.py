"""A local server that answers like a real ONLYOFFICE portal for the CRM invoice filter API."""
