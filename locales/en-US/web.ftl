# The result pages and the landing page (the source language). Plain text: the pages
# escape it. $resonite, $discord: account names; $resonite_id: a Resonite user id.

page-footer = resonite-verify · links Resonite accounts to Discord
landing-title = Resonite account linking
landing-about = This server belongs to a Discord bot that links Discord members to their Resonite accounts and gives them roles from their Resonite profile (supporter status, tags).
# $command: /link, shown as code.
landing-how = To link your account, type { $command } in the Discord server and follow the button.
page-close = You can close this page and go back to Discord.

linked-title = Accounts linked
linked-body = Your Resonite account { $resonite } ({ $resonite_id }) is now linked to the Discord account { $discord }.
linked-offer = Show it on my Discord profile
linked-back = Back to the server in Discord

pushed-title = Shown on your Discord profile
pushed-body = The Discord account { $discord } now shows the Resonite account { $resonite } as a connection, and can claim the server's linked roles.
pushed-pending = Discord is busy right now: your profile updates in a moment, nothing else to do.
note-pushed = Your Discord profile now shows your Resonite account, and you can claim the server's linked roles.
note-pushed-owed = Your Discord profile will show your Resonite account in a moment (Discord is busy).

not-found-title = Page not found
not-found-explanation = There is nothing at this address.
not-found-next = To link your Resonite account, use /link in Discord.
too-long-title = Address too long
too-long-explanation = This address is longer than any link the bot makes.
too-long-next = Use /link in Discord to get a fresh link.

## The confirmation page between Resonite and the link

confirm-title = Link these accounts?
# $resonite: the Resonite username; $resonite_id: its id; $discord: the Discord account.
confirm-body = Link the Resonite account { $resonite } ({ $resonite_id }) to the Discord account { $discord }?
# As confirm-body; $server: the Discord server /link was run in.
confirm-body-server = Link the Resonite account { $resonite } ({ $resonite_id }) to the Discord account { $discord } in the server { $server }?
confirm-warning = Only press Link if you started this yourself with /link in Discord. If someone sent you this link, press Cancel: they would get your Resonite account and its roles.
confirm-link = Link
confirm-cancel = Cancel
confirm-expires = Nothing is linked until you press Link. This page works once, for a limited time.
cancelled-title = Nothing was linked
cancelled-explanation = You pressed Cancel, so no account was linked and nothing changed.
cancelled-next = If you do want to link your account, run /link in Discord again.

## A link that did not complete

link-again = Run /link in Discord again to get a fresh button.
link-try-later = Please try again in a few minutes with /link.
link-denied-title = Linking cancelled
link-denied-explanation = You declined access on Resonite, so nothing was linked.
link-denied-next = If that was a mistake, run /link in Discord again.
link-provider-title = Resonite refused the request
# $code: the OAuth error code Resonite sent (letters, digits and _ only).
link-provider-explanation = Resonite answered with the error “{ $code }”. Nothing was linked.
link-incomplete-title = Incomplete link
link-incomplete-explanation = This address is missing part of what Resonite sends back.
link-expired-title = This link has expired or was already used
link-expired-explanation = Each /link button works once, for a limited time.
link-browser-title = Confirm in the browser you signed in with
link-browser-explanation = This link belongs to another browser, or your browser did not send back what proves it is the same one. Nothing was linked.
link-taken-title = Account already linked
# $resonite: the Resonite username.
link-taken-explanation = The Resonite account { $resonite } is already linked to another Discord account. Nothing was changed.
link-taken-next = Unlink it from the other Discord account first (/unlink), or ask a server admin for help.
link-resonite-title = Resonite could not complete the link
link-resonite-explanation = Something went wrong while talking to Resonite. Nothing was linked.
link-database-title = Please try again in a minute
link-database-explanation = The bot's database is not answering right now, so nothing was linked. Your /link button still works.
link-database-next = Wait a minute, then press the same /link button in Discord again (or run /link).
link-database-confirm-explanation = The bot's database is not answering right now, so nothing was linked. This confirmation still works for a while.
link-database-confirm-next = Wait a minute, then go back to the previous page and press Link again.
link-ours-title = Something went wrong on our side
link-ours-explanation = The bot could not save the link. Nothing was changed.

## Discord's Linked Roles that did not complete

connect-again = Open the server's Linked Roles again in Discord (or this page's address) to start over.
connect-try-later = Please try again in a few minutes.
connect-denied-title = Connection cancelled
connect-denied-explanation = You declined on Discord, so nothing was connected.
connect-provider-title = Discord refused the request
connect-provider-explanation = Discord answered with an error. Nothing was connected.
connect-incomplete-title = Incomplete address
connect-incomplete-explanation = This address is missing part of what Discord sends back.
connect-expired-title = This link has expired or was already used
connect-expired-explanation = Each visit to Discord's authorization works once, for a limited time.
connect-discord-title = Discord could not complete the connection
connect-discord-explanation = Something went wrong while talking to Discord. Nothing was connected.
connect-ours-title = Something went wrong on our side
connect-ours-explanation = The bot could not save the connection. Nothing was changed.
