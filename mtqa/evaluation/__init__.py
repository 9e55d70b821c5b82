"""``mtqa eval``: measure rules against human MQM annotations."""
