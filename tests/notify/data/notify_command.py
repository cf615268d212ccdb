#!/usr/bin/python3
"""A program for the command plugin tests.

  record OUT ARGS...     write {"stdin", "args", "event", "secret"} as JSON to OUT, exit 0
  exit CODE MESSAGE      write MESSAGE to stderr, exit CODE
  hang PIDFILE           start a child that sleeps, write its pid to PIDFILE, then sleep too
"""
import json
import os
import subprocess
import sys
import time

mode = sys.argv[1]
if mode == "record":
    with open(sys.argv[2], "w") as out:
        json.dump({"stdin": sys.stdin.read(), "args": sys.argv[3:],
                   "event": os.environ.get("LOADWRIGHT_EVENT"),
                   "attempt": os.environ.get("LOADWRIGHT_ATTEMPT"),
                   "secret": os.environ.get("LOADWRIGHT_CHANNEL_SECRET")}, out)
    sys.exit(0)
if mode == "exit":
    sys.stdin.read()
    sys.stderr.write(sys.argv[3])
    sys.exit(int(sys.argv[2]))
if mode == "hang":
    child = subprocess.Popen(["sleep", "30"])
    with open(sys.argv[2], "w") as out:
        out.write(str(child.pid))
    time.sleep(30)
