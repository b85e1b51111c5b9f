"""The day of operations: what happens on a date (today.py), absences, planners' changes, what a
family, a school and a crew see, how plans compare, who is told of what (tell.py), and parents'
text replies."""
