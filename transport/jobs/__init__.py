"""Planning jobs: asked for by a planner, run outside the request, their state in the database.

`planning.py` says what a job is (queued, running, draft, failed, published) and does one;
`runners.py` runs them: in this process by default, or on worker processes through Dramatiq
over Redis or RabbitMQ when `JOB_BROKER_URL` is set.
"""
