"""Reads by resource (cosmicpython's views): each module holds one resource's filters, its query, its
paging and its view, the response shape. Handlers of Describe actions call these and nothing else."""
