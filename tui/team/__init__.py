"""The team: several annotators' databases compared, merged, split and adjudicated."""
