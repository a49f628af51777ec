#!/bin/sh
# The Python interpreter the benchmark gives Ansible for modules: it notes each module run, then is that Python.
# Every module Ansible runs starts one interpreter, pipelined or not; action plugins on the controller start none.
echo x >>"${BENCH_MODULE_COUNT_FILE:?}"
exec "${BENCH_PYTHON:?}" "$@"
