"""An exception told in one line, `ValueError: shapes differ`, as the host shows it. No imports:
the debugger's probe ships this file's text as it is (src/extension/debug/expression.ts,
PROBE_FILES) before the tracer package is ever sent, and the tracer imports it like any module."""


def describe_exception(e):
    """`Type: message`, or just `Type` when the message is empty or its __str__ raises."""
    try:
        text = str(e)
    except Exception:
        text = ''
    return '%s: %s' % (type(e).__name__, text) if text else type(e).__name__
