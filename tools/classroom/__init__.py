"""`make classroom`: a class of students on a real JupyterHub on this machine, measured."""
