# Replies, log-channel lines and DMs on Discord (the source language).
# Variables: $user, $role: Discord ids (mentions are written <@{ $user }>, <@&{ $role }>);
# $username, $old_username: Resonite usernames, already escaped for markdown;
# $resonite_id: a Resonite user id (U-…).

## Errors any command can answer with

error-database-away = The bot's database is not answering right now; please try again in a minute.
error-internal = Something went wrong on the bot's side. It has been logged; please try again in a moment.
error-use-in-server = Use this in a server.
# $what: what was tried, e.g. "Syncing every member" (a message of its own).
error-needs-manage-roles = { $what } needs the Manage Roles permission.
error-needs-manage-guild = { $what } needs the Manage Server permission.

## /link and /unlink

link-slash-only = Use /link as a slash command.
link-already =
    You are linked to the Resonite account **{ $username }** (`{ $resonite_id }`).
    To link another account (or refresh this one), sign in on Resonite with the button below.
link-intro = Sign in on Resonite with the button below and approve access. Your roles follow once you are linked.
link-button-expires =
    { $minutes ->
        [one] The button works once, for { $minutes } minute.
       *[other] The button works once, for { $minutes } minutes.
    }
# A button label (at most 80 characters).
link-button = Link on Resonite
linked-head = ✅ Linked to the Resonite account **{ $username }** (`{ $resonite_id }`).
linked-replaces = It replaces your previous link to **{ $old_username }**.
roles-on-their-way = Your roles are on their way: they follow in a moment, nothing else to do.
link-failed-denied = ❌ Linking did not complete: you declined on Resonite. Run `/link` to try again.
link-failed-taken = ❌ Linking did not complete: the Resonite account **{ $username }** is already linked to another Discord account. Run `/link` to try again.
link-failed-database = ❌ Linking did not complete: the bot's database is not answering right now; the same button works again in a minute. Run `/link` to try again.
link-failed-resonite = ❌ Linking did not complete: Resonite could not complete it. Run `/link` to try again.
unlink-done = Unlinked from the Resonite account **{ $username }**. Use `/link` to link again.
unlink-roles-pending = The roles the bot manages are being removed; this can take a moment.
unlink-none = You have no linked Resonite account. Use `/link` to link one.

## /update

update-use-in-server = Use /update in a server.
update-needs-manage-roles = Updating another member needs the Manage Roles permission. You can always /update yourself.
update-queued = Your request is queued: roles follow within a minute (Discord is slow to answer right now).
update-not-member-self = You are not a member of this server.
update-not-member-other = That user is not a member of this server.
update-not-linked-self = You are not linked to a Resonite account, so no linked roles apply. Use `/link` to link one.
# $name: the member's Discord name, escaped.
update-not-linked-other = { $name } is not linked to a Resonite account, so no linked roles apply. Use `/link` to link one.
update-done = Roles updated.
update-up-to-date = Roles are already up to date.
update-retrying = Discord did not answer for some roles; the bot keeps trying.

## /sync

sync-action = Syncing every member
sync-starting = Syncing: starting…
sync-progress =
    Syncing: { $done }/{ $total } linked accounts checked, { $changed } with role changes, { $errors ->
        [one] { $errors } error.
       *[other] { $errors } errors.
    }
sync-finished =
    Sync finished: { $done }/{ $total } linked accounts checked, { $changed } with role changes, { $errors ->
        [one] { $errors } error.
       *[other] { $errors } errors.
    }
sync-no-key = Re-verification with Resonite is off (no TOKEN_ENCRYPTION_KEY): roles were synced from the profiles stored at link time.
sync-already-running = A sync is already running for this server; its message shows the progress. Try again when it has finished.

## What a sync did, for the member ($roles: role names, joined)

report-granted = Roles granted: { $roles }
report-removed = Roles removed: { $roles }
# $role: the role's name.
report-failed = Could not change { $role }: { $why }
report-role-unknown = role { $role }
report-list-separator = {", "}
report-why-permissions = the bot is not allowed to (a server admin can move the bot's role higher)
report-why-deleted = the role was deleted
report-why-transient = Discord did not answer; the bot keeps trying
report-why-not-member = the member is not in the server
# $error: Discord's own words (English).
report-why-other = Discord refused ({ $error })

## The log channel (in the server's language)

log-linked = 🔗 <@{ $user }> linked the Resonite account **{ $username }** (`{ $resonite_id }`)
log-relinked = 🔗 <@{ $user }> linked the Resonite account **{ $username }** (`{ $resonite_id }`), replacing **{ $old_username }**
log-unlinked = ⛓️‍💥 <@{ $user }> unlinked the Resonite account **{ $username }** (`{ $resonite_id }`)
# $cause: one of the cause- messages; $changes: +<@&role> −<@&role> …
log-roles-changed = <@{ $user }> { $cause }: { $changes }
log-role-deleted = ⚠️ Role { $role } was deleted: its rules are now disabled. Remove them with `/roles remove` or add rules for another role.
log-missing-permissions = ⚠️ Could not change <@&{ $role }> for <@{ $user }>: give the bot Manage Roles and move its role above <@&{ $role }>.
# $error: Discord's own words (English).
log-change-failed = ⚠️ Could not change <@&{ $role }> for <@{ $user }>: { $error }.
log-gave-up = ⚠️ The roles of <@{ $user }> could not be updated for a day ({ $error }); the bot stopped retrying. `/update` tries again, and `/roles list` shows what is still failing.
cause-linked = linked their Resonite account
cause-unlinked = unlinked their Resonite account
cause-update = roles updated on request
cause-joined = joined the server
cause-sweep = re-verified
cause-rules = the server's role rules changed

## Direct messages (in the language of the member's /link)

dm-link-stale =
    { $grace_days ->
        [one] Your Resonite link (**{ $username }**) needs renewing: Resonite no longer accepts the bot's access to it. Run `/link` in the server to keep your roles; otherwise supporter roles are removed after { $grace_days } day.
       *[other] Your Resonite link (**{ $username }**) needs renewing: Resonite no longer accepts the bot's access to it. Run `/link` in the server to keep your roles; otherwise supporter roles are removed after { $grace_days } days.
    }
dm-linked-roles-disconnected = Your Discord profile's Resonite connection stopped updating: Discord no longer accepts the bot's access to it. To reconnect, open the server's menu → Linked Roles and pick the resonite-verify connection again (or use the link on the `/link` result page).

## Who may do what through the bot (issue 23)

error-permission-from-roles = Permissions count from your roles in this server; one given in a single channel does not.
unlink-confirm = Unlink the Resonite account **{ $username }**? The bot forgets the link and takes away the roles it gave you in every server. Nothing changes until you press **Unlink**.
unlink-confirm-button = Unlink
unlink-cancel-button = Keep my link
unlink-cancelled = Nothing changed: your link stays.
unlink-not-yours = This button belongs to someone else's `/unlink`.
unlink-action = Removing another member's link
unlink-user-none = <@{ $user }> has no linked Resonite account.
unlink-user-done = Unlinked <@{ $user }> from the Resonite account **{ $username }**.
unlink-user-told = They were told by DM.
unlink-user-not-told = They could not be told by DM (their DMs are closed).
dm-unlinked-by-admin = An admin of **{ $server }** removed the link between your Discord account and the Resonite account **{ $username }**; the roles it earned you are taken away. Run `/link` in the server to link again.
