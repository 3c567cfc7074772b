# Limits on what one client may use of the callback server (src/web/serve).

limited-title = Too many requests
limited-explanation = This browser or network has sent more requests than the bot answers in a minute.
limited-next = Wait a minute, then open the link again. Nothing was lost.
