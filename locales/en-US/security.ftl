# Security: limits on what one client may use of the callback server (src/web/serve),
# and the key rotation line of /doctor.

limited-title = Too many requests
limited-explanation = This browser or network has sent more requests than the bot answers in a minute.
limited-next = Wait a minute, then open the link again. Nothing was lost.

# /doctor, while refresh tokens are sealed under a key other than TOKEN_ENCRYPTION_KEY.
doctor-tokens-old =
    { $count ->
        [one] { $count } refresh token is still sealed under an old key (bot-wide).
       *[other] { $count } refresh tokens are still sealed under an old key (bot-wide).
    }
doctor-tokens-old-fix = The bot re-seals them under TOKEN_ENCRYPTION_KEY in the background every 10 minutes; the operator keeps TOKEN_ENCRYPTION_KEY_OLD set until this line is gone. A token under a key the bot no longer has cannot be re-sealed: that member runs /link again.
