"""Travel budgets: what a child's taxi place costs against the council's allowance, offers to
families, and their mileage claims."""
