"""The contract checker: ``suite/`` is the pytest suite (spec, generated client, portal), ``runner/`` the command
that runs it against a portal with its machinery (gate, HAR, masking, run record), ``interface.py`` all the two
share. The runner finds the suite as files and hands it its run through pytest; the suite never imports the
runner."""
