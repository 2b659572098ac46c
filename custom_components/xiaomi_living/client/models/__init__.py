"""Device descriptions as data: air conditioner families and TVs."""
