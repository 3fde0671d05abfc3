"""Plans and billing: limits per plan, usage counting, Stripe Checkout, Billing Portal and
webhooks. The plan a seller has is derived from the stored subscription (or an operator's
unexpired override), never from what the browser says."""
