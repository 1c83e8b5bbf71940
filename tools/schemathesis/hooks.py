# Schemathesis hooks for test/schemathesis.test.ts (loaded through SCHEMATHESIS_HOOKS=hooks, with this folder on
# PYTHONPATH).
#
# QuickStream replays the first response to any request that reuses an Idempotency-Key, whatever its operation
# ("only the key is compared"), and the sandbox does as documented. Schemathesis sends the description's example key
# with many requests, so later ones would get another operation's stored answer. A key this run already sent is
# replaced by a fresh UUID; a key not seen before (valid or not) is sent as generated.
import uuid

import schemathesis

_seen: set[str] = set()


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key":
            if headers[name] in _seen:
                headers[name] = str(uuid.uuid4())
            _seen.add(headers[name])
