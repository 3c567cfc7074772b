# Linking by message: what /link shows for it, and the bot's answers in Resonite (plain
# text: Resonite shows no Markdown).
link-intro-message = Link your Resonite account by sending a message in Resonite. Your roles follow once you are linked.
link-by-message = **Link by message in Resonite:**
    1. Add **{ $bot }** as a contact in Resonite.
    2. Send it this code in a message: `{ $code }`
link-code-expires =
    { $minutes ->
        [one] The code works once, for { $minutes } minute.
       *[other] The code works once, for { $minutes } minutes.
    }
link-or-sign-in = **Or sign in on Resonite** with the button below.
msg-linked = Linked: your Resonite account is now linked to the Discord account { $discord }. Not you? Reply undo within a day to remove the link.
msg-code-unknown = That code is not one of mine. Check the code in your /link reply on Discord (it looks like K7Q2-M9XD-4HTW).
msg-code-expired = That code has expired. Run /link on Discord again for a new one.
msg-code-used = That code was already used. Run /link on Discord again for a new one.
msg-account-taken = Your Resonite account is already linked to another Discord account. Unlink it there first (/unlink), then run /link again.
msg-too-many = Too many wrong codes: I will not read your messages for the next { $minutes } minutes.
msg-help = Hello! I link Resonite accounts to Discord. Run /link in the Discord server, then send me the code it shows (like K7Q2-M9XD-4HTW).
msg-undone = Done: the link of your Resonite account to Discord was removed.
msg-undo-nothing = Nothing to undo: no link was made by message from your account in the last day.
msg-failed = Something went wrong on my side and nothing was linked. Please send the code again in a minute.
