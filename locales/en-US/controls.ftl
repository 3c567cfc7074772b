# The admins' commands: /roles, /config, /whois, /doctor (the source language).
# Variables: $role, $user: Discord ids (written <@&{ $role }>, <@{ $user }>); $at, $since:
# Unix times (written <t:{ $at }:R>, Discord shows them as "3 minutes ago"); $count: a number.
# Option names (`role:`, `value:` …), rule kinds (`linked`, `tier-at-least` …), placeholders
# ({ "{resonite}" } …) and /commands stay as they are: admins type them.

## /roles add, remove, list

roles-action = Managing role rules
# $error: one of the rule-error- messages.
roles-value-invalid = `value:` { $error }.
roles-group-taken = <@&{ $role }> is already in the group `{ $group }`, and a role is in at most one group. Use `group:{ $group }`, or remove the role's rules with `/roles remove` first.
# $reason: one of the refusal- messages.
roles-role-refused = `role:` the bot cannot use that role: { $reason }.
roles-in-group = It is in the group `{ $group }`: of its roles a member holds only the highest they earn.
# $condition: one of the condition- messages.
roles-added-unlinked =
    { $count ->
        [one] Added: <@&{ $role }> for members with { $condition } (bots never get it). The bot is checking the { $count } member here now; it is removed when they link, given back when they unlink, and given to members who join without a link.
       *[other] Added: <@&{ $role }> for members with { $condition } (bots never get it). The bot is checking the { $count } members here now; it is removed when they link, given back when they unlink, and given to members who join without a link.
    }
roles-added =
    { $count ->
        [one] Added: <@&{ $role }> for linked members with { $condition }. The bot is applying it to the { $count } linked member here now; new members get it when they link.
       *[other] Added: <@&{ $role }> for linked members with { $condition }. The bot is applying it to the { $count } linked members here now; new members get it when they link.
    }
roles-exists = <@&{ $role }> already has the rule { $condition }; it is active.
roles-remove-none = <@&{ $role }> has no rules.
roles-remove-none-kind = <@&{ $role }> has no `{ $kind }` rules.
roles-removed =
    { $count ->
        [one] Removed { $count } rule for <@&{ $role }>. Members who have the role keep it; the bot no longer adds or removes it unless another rule names it.
       *[other] Removed { $count } rules for <@&{ $role }>. Members who have the role keep it; the bot no longer adds or removes it unless another rule names it.
    }
roles-list-empty = No role rules yet. Add one with `/roles add role: rule: [value:]`, e.g. rule `patreon` for active Patreon supporters.
roles-list-head = **Role rules** ({ $count })
# $reason: why the bot stopped applying the rule, as stored (English).
roles-list-disabled = disabled: { $reason }
roles-list-withheld = not granted: the role carries a dangerous permission and the rule was not added by the owner or an Administrator (see `/doctor`)
roles-list-group = [group `{ $group }`]
# $group: a space and roles-list-group, or nothing.
roles-list-rule = • <@&{ $role }> ← { $condition }{ $group }
roles-list-rule-problem = • ⚠️ <@&{ $role }> ← { $condition }{ $group } — cannot apply: { $problem }
roles-list-swept = Last re-verified <t:{ $at }:R>.
roles-list-not-swept = Not re-verified yet.
roles-list-pending =
    { $count ->
        [one] { $count } member is waiting for their roles to be applied.
       *[other] { $count } members are waiting for their roles to be applied.
    }
roles-list-failed-head = ⚠️ Roles that could not be applied for a day ({ $count }); `/update` on a member tries again:
# $error: Discord's own words (English).
roles-list-failed = • <@{ $user }>: { $error } (since <t:{ $at }:R>)

## What a rule asks of a profile

condition-linked = linked Resonite account
condition-supporter = active Resonite supporter
condition-patreon = active Patreon supporter
# $amount: dollars, e.g. $6.00
condition-tier-at-least = current tier ≥ { $amount }
condition-lifetime-at-least = total support ≥ { $amount }
condition-months-at-least =
    { $count ->
        [one] supported for at least { $count } month
       *[other] supported for at least { $count } months
    }
condition-tag = tag `{ $tag }`
condition-neos-supporter = Neos-era Patreon supporter
condition-account-age-at-least =
    { $count ->
        [one] account at least { $count } day old
       *[other] account at least { $count } days old
    }
condition-unlinked = no linked Resonite account

## Why a value: was refused ($kind: the rule's name as typed; $value: what was typed)

# $kinds: the stable names of every rule kind, joined with ", ".
rule-error-unknown-kind = `{ $kind }` is not a rule kind; use one of: { $kinds }
# $hint: one of the rule-hint- messages.
rule-error-missing = the `{ $kind }` rule needs a value: { $hint }
rule-error-unexpected = the `{ $kind }` rule takes no value, but `{ $value }` was given; leave the value empty
rule-error-not-a-number = `{ $value }` is not a valid value for the `{ $kind }` rule; expected { $hint }
rule-error-negative = `{ $value }` is negative; the `{ $kind }` rule needs 0 or more
# $max: the largest value, e.g. $1000000.00 or 1200
rule-error-too-large = `{ $value }` is too large for the `{ $kind }` rule; the most it accepts is { $max }
rule-error-empty-tag = the tag is empty; give a Resonite profile tag such as `mentor`
rule-error-tag-too-long = the tag is { $count } characters long; the most is { $max }
rule-hint-cents = cents, e.g. 600 for $6, or dollars with a $ sign, e.g. $6 or $6.50
rule-hint-months = a whole number of months, e.g. 12
rule-hint-tag = a Resonite profile tag, e.g. mentor or team member
rule-hint-days = a whole number of days, e.g. 30
rule-hint-number = a number

## Why a group: was refused

group-error-empty = `group:` is empty; give a name such as `tiers`, or leave the option out
group-error-too-long = `group:` is { $count } characters long; the most is { $max }, e.g. `tiers`
# $name: what was typed.
group-error-bad-character = `group:` may hold letters, digits, spaces, `-` and `_` only; `{ $name }` does not, e.g. `tiers`

## Why the bot cannot manage a role ($role: the role's name, e.g. @Patron)

refusal-everyone = @everyone belongs to every member; pick a role members can be given
refusal-managed = { $role } is managed by an integration (a bot or a subscription); Discord lets nobody assign it
refusal-above-bot = { $role } is at or above the bot's highest role; move the bot's role above { $role } in Server Settings → Roles
refusal-no-manage-roles = the bot lacks the Manage Roles permission; grant it to the bot's role
refusal-deleted = that role no longer exists

## /config

config-action = Changing the bot's settings
config-log-channel-set = Links, unlinks and role changes will be posted in <#{ $channel }>. Make sure the bot can send messages there (`/doctor` checks).
config-log-channel-off = The bot no longer posts to a log channel.
config-bypass-everyone = `role:` @everyone would exempt every member. Pick a role only some members hold, e.g. `role:@Staff`.
config-bypass-granted = `role:` <@&{ $role }> is granted by a rule, so whoever earns it would stop being updated. Pick a role admins give by hand, e.g. `role:@Staff`.
config-bypass-set = Members holding <@&{ $role }> are never changed by the bot: their roles and nickname stay as they are. `/whois` and `/roles preview` say so.
config-bypass-cleared = No bypass role any more: every member gets the roles they earn again.
config-bypass-none = No bypass role is set.
config-nickname-not-managed = The bot does not manage nicknames here.
config-nickname-off = The bot no longer manages nicknames.
config-nickname-off-given-back =
    { $count ->
        [one] The bot no longer manages nicknames. The { $count } member it renamed gets their previous nickname back now (unless they changed it since).
       *[other] The bot no longer manages nicknames. The { $count } members it renamed get their previous nickname back now (unless they changed it since).
    }
# $error: one of the template-error- messages.
config-nickname-invalid = `template:` { $error }.
config-nickname-no-permission = The bot lacks the Manage Nicknames permission: Server Settings → Roles → the bot's role → turn on Manage Nicknames, then run this again. Nothing was changed.
# $nick: the nickname the template gives the admin who typed it.
config-nickname-example-linked = yours would read **{ $nick }**
config-nickname-example = yours, linked to a Resonite account named ResoniteName, would read **{ $nick }**
# $example: one of the config-nickname-example messages.
config-nickname-set =
    { $count ->
        [one] Nicknames of linked members now follow `{ $template }` — { $example }. The bot is applying it to the { $count } linked member here now. The server owner and members whose highest role is above the bot's keep theirs (`/doctor` lists them); everyone gets their previous nickname back when they unlink or when you clear the template.
       *[other] Nicknames of linked members now follow `{ $template }` — { $example }. The bot is applying it to the { $count } linked members here now. The server owner and members whose highest role is above the bot's keep theirs (`/doctor` lists them); everyone gets their previous nickname back when they unlink or when you clear the template.
    }
template-error-unknown = `{ $name }` is not a placeholder I know: use { "{resonite}" } (Resonite username), { "{discord}" } (Discord username) or { "{display}" } (Discord display name), e.g. `{ "{display} ({resonite})" }`
template-error-unclosed = a `{ "{" }` is never closed: placeholders look like { "{resonite}" }, e.g. `{ "{display} ({resonite})" }`
template-error-empty = the template would give an empty nickname: include a placeholder, e.g. `{ "{resonite}" }`
template-error-too-long = the template is { $count } characters long; at most { $max } (nicknames are cut to 32 anyway), e.g. `{ "{display} ({resonite})" }`
cause-settings = the server's settings changed

## /whois

whois-both = `user:` and `resonite:`: give one of them, e.g. `/whois user:@Member` or `/whois resonite:PatronUser`.
whois-needs-manage-roles = Looking up another member needs the Manage Roles permission. You can always use /whois on yourself.
# $linked, $verified: Unix times.
whois-linked-self = You are linked to the Resonite account **{ $username }** (`{ $resonite_id }`), linked <t:{ $linked }:R>, last verified <t:{ $verified }:R>.
# $name: the member's Discord name, escaped.
whois-linked-other = { $name } is linked to the Resonite account **{ $username }** (`{ $resonite_id }`), linked <t:{ $linked }:R>, last verified <t:{ $verified }:R>.
whois-not-linked-self = You are not linked to a Resonite account. Run `/link` to link one.
whois-not-linked-other = { $name } is not linked to a Resonite account. They can link one with `/link`.
whois-stale = ⚠️ Resonite stopped accepting this link <t:{ $since }:R>: run `/link` to renew it, or supporter roles are removed after the grace period.
whois-linked-roles-active = Linked Roles: active (the Discord profile shows the Resonite account and follows it).
whois-linked-roles-pushed-once = Linked Roles: shown on the Discord profile as of linking (not updated: no token key is set).
whois-linked-roles-pending = Linked Roles: connecting (Discord has not taken the connection yet).
whois-linked-roles-refused = Linked Roles: inactive (Discord stopped accepting the connection; connect it again from the server's Linked Roles).
whois-linked-roles-none = Linked Roles: not connected.
whois-bypass = 🛡️ Holds the bypass role <@&{ $role }>: the bot does not change their roles or nickname here.
whois-resonite-blank = `resonite:` give a Resonite username or id, e.g. `resonite:PatronUser` or `resonite:U-PatronUser`.
whois-resonite-server = `resonite:` use this in a server.
whois-resonite-needs-manage-roles = Looking up who is linked to a Resonite account needs the Manage Roles permission.
whois-resonite-found = The Resonite account **{ $username }** (`{ $resonite_id }`) is linked to <@{ $user }>, linked <t:{ $linked }:R>, last verified <t:{ $verified }:R>.
# $name: what was typed, escaped.
whois-resonite-nobody = Nobody here is linked to the Resonite account **{ $name }**.

## /roles preview

preview-action = Previewing role rules
preview-needs-role = `role:` say which role the rule would grant, e.g. `/roles preview role:@Patron rule:patreon`.
preview-needs-rule = `rule:` say which condition would grant the role, e.g. `/roles preview role:@Patron rule:patreon`.
preview-stray-options = `value:` and `group:` go with `rule:`, e.g. `/roles preview role:@Gold rule:tier-at-least value:$25 group:tiers`.
preview-head-rule = **Preview** of <@&{ $role }> ← { $condition }. Nothing was changed.
preview-head-rule-group = **Preview** of <@&{ $role }> ← { $condition } in the group `{ $group }`. Nothing was changed.
preview-head-current = **Preview** of the current rules: what applying them now would change. Nothing was changed.
preview-can-apply = ✅ The bot can apply it.
preview-cannot-apply = ❌ The bot could not apply it: { $reason }.
preview-nothing =
    { $count ->
        [one] No member would gain or lose a role ({ $count } member looked at).
       *[other] No member would gain or lose a role ({ $count } members looked at).
    }
# $names: up to ten mentions, then preview-more.
preview-gains =
    { $count ->
        [one] ➕ <@&{ $role }> to { $count } member: { $names }
       *[other] ➕ <@&{ $role }> to { $count } members: { $names }
    }
preview-losses =
    { $count ->
        [one] ➖ <@&{ $role }> from { $count } member: { $names }
       *[other] ➖ <@&{ $role }> from { $count } members: { $names }
    }
preview-gains-refused =
    { $count ->
        [one] ➕ <@&{ $role }> to { $count } member (❌ the bot cannot: { $reason }): { $names }
       *[other] ➕ <@&{ $role }> to { $count } members (❌ the bot cannot: { $reason }): { $names }
    }
preview-losses-refused =
    { $count ->
        [one] ➖ <@&{ $role }> from { $count } member (❌ the bot cannot: { $reason }): { $names }
       *[other] ➖ <@&{ $role }> from { $count } members (❌ the bot cannot: { $reason }): { $names }
    }
preview-more = and { $count } more
preview-bypassed =
    { $count ->
        [one] 🛡️ { $count } member holding the bypass role <@&{ $role }> would be left alone.
       *[other] 🛡️ { $count } members holding the bypass role <@&{ $role }> would be left alone.
    }
preview-incomplete = ⚠️ Only linked members were counted: the member list has not arrived (turn on the Server Members intent).
preview-cut = … (more changes not shown)

## /doctor: each check's line, and the fix when it is not fine

doctor-action = Running the checklist
doctor-head = **Doctor**: what keeps this server's roles right
doctor-manage-roles-ok = The bot has Manage Roles.
doctor-manage-roles-missing = The bot lacks Manage Roles: it cannot give or take any role.
doctor-manage-roles-fix = Server Settings → Roles → the bot's role → turn on Manage Roles.
doctor-no-rules = No role rules yet: linking gives no role.
doctor-no-rules-fix = Add one with `/roles add role:@Linked rule:linked`.
doctor-roles-ok = Every role the rules grant ({ $count }) is below the bot's role.
# $problems: the roles and why, separated by "; ".
doctor-roles-problems = The bot cannot assign: { $problems }.
doctor-role-gone = a role that no longer exists
doctor-roles-fix = Drag the bot's role above these roles (Server Settings → Roles), or remove their rules with `/roles remove`.
doctor-nicknames-no-permission = Nicknames follow `{ $template }`, but the bot lacks Manage Nicknames.
doctor-nicknames-no-permission-fix = Server Settings → Roles → the bot's role → turn on Manage Nicknames.
doctor-nicknames-ok = Nicknames follow `{ $template }`; the bot can rename every linked member.
# $names: mentions with the reason, e.g. "<@1> (the server owner), <@2> (role above the bot's)".
doctor-nicknames-skipped = Nicknames follow `{ $template }`, but Discord does not let the bot rename { $names }.
doctor-nicknames-skipped-more = Nicknames follow `{ $template }`, but Discord does not let the bot rename { $names } and { $count } more.
doctor-skip-owner = <@{ $user }> (the server owner)
doctor-skip-above = <@{ $user }> (role above the bot's)
doctor-nicknames-skipped-fix = Nobody can rename the owner; for the others, drag the bot's role above theirs.
doctor-bypass = Members holding <@&{ $role }> are never changed by the bot.
doctor-log-none = No log channel: links, unlinks and role changes are not posted anywhere.
doctor-log-none-fix = Set one with `/config log-channel channel:#bot-log`.
doctor-log-ok = The bot can post in the log channel <#{ $channel }>.
doctor-log-not-writable = The bot cannot post in the log channel <#{ $channel }>.
doctor-log-not-writable-fix = Give the bot's role View Channel and Send Messages there, or pick another channel with `/config log-channel`.
doctor-log-unknown = Could not check the log channel <#{ $channel }> (the server is not in the bot's cache yet).
doctor-log-unknown-fix = Run `/doctor` again in a minute.
doctor-log-missing = The log channel ({ $channel }) no longer exists.
doctor-log-missing-fix = Pick another with `/config log-channel channel:#bot-log`.
doctor-members-ok = The member list arrived (Server Members intent on).
doctor-members-missing = The member list has not arrived: the `unlinked` rule and previews only see linked members.
doctor-members-missing-fix = Turn on the Server Members intent (Developer Portal → Bot → Privileged Gateway Intents) and restart the bot.
# $every: doctor-every-days/hours/minutes/seconds.
doctor-reverify-on = Re-verification is on: every link is checked with Resonite every { $every }.
doctor-every-days = { $count } d
doctor-every-hours = { $count } h
doctor-every-minutes = { $count } min
doctor-every-seconds = { $count } s
doctor-reverify-off = Re-verification is off: roles follow the profile as it was when each member linked.
doctor-reverify-off-fix = The bot's operator sets TOKEN_ENCRYPTION_KEY (see the README) and restarts it.
doctor-swept = Last re-verified <t:{ $at }:R>.
doctor-not-swept = Not re-verified yet.
doctor-not-swept-fix = Run `/sync` to re-verify everyone now.
doctor-not-swept-nothing = Not re-verified yet (nothing to re-verify).
doctor-linked-roles-on = Linked Roles is on: members can connect Resonite to their Discord profile.
doctor-linked-roles-off = Linked Roles is off (the operator turns it on with DISCORD_CLIENT_SECRET; optional).
doctor-stale-none = No stale links.
doctor-stale =
    { $count ->
        [one] { $count } member here Resonite stopped vouching for (stale links).
       *[other] { $count } members here Resonite stopped vouching for (stale links).
    }
doctor-stale-fix = They were told to run `/link` again; their supporter roles go after the grace period.
doctor-pending-none = No role changes waiting.
doctor-pending =
    { $count ->
        [one] { $count } member waiting for their roles to be applied.
       *[other] { $count } members waiting for their roles to be applied.
    }
doctor-pending-fix = Nothing to do if it goes down; if it does not, check the lines above (permissions, role order).
doctor-failed-none = No failed role changes.
doctor-failed =
    { $count ->
        [one] Roles of { $count } member could not be applied for a day:
       *[other] Roles of { $count } members could not be applied for a day:
    }
# $error: Discord's own words (English).
doctor-failed-member = • <@{ $user }>: { $error }
doctor-failed-fix = Fix the cause above, then run `/update user:` on each member (or `/sync`).

## Who may hand out which role (issue 23)

permission-administrator = Administrator
permission-manage-guild = Manage Server
permission-manage-roles = Manage Roles
permission-ban-members = Ban Members
permission-kick-members = Kick Members
permission-manage-webhooks = Manage Webhooks
rank-missing-manage-roles = this needs the Manage Roles permission from your roles in this server
rank-missing-manage-guild = this needs the Manage Server permission from your roles in this server
# $role: @Name
rank-not-below = { $role } is not below your highest role, so you may not have the bot hand it out (Discord's own rule when you give a role by hand). Ask someone whose highest role is above it, or the server owner.
# $permissions: permission- names, joined with commas.
rank-dangerous = { $role } carries { $permissions }: a rule would give that to every member who earns it. Only the server owner or a member with Administrator may add it.
roles-bypass-refused = `role:` <@&{ $role }> is the bypass role: the bot never changes its holders, so whoever earned it would be frozen for good. Pick another role, or first clear the bypass role with `/config bypass-role` (no role) or set another one.
roles-vouched = <@&{ $role }> already had the rule { $condition }, added by someone who is not the owner or an Administrator; it is now yours, and the bot grants the role again.
whois-not-member = { $name } is not a member of this server.
doctor-rule-withheld = <@&{ $role }> carries { $permissions }, and its rule was not added by the owner or an Administrator: the bot does not grant it.
doctor-rule-withheld-fix = The server owner or an Administrator re-adds the rule with `/roles add role:<@&{ $role }>`, or remove it with `/roles remove`.
doctor-bypass-granted = The bypass role <@&{ $role }> is also granted by a rule: whoever earns it is frozen for good.
doctor-bypass-granted-fix = Remove the rule with `/roles remove role:<@&{ $role }>`, or set another bypass role with `/config bypass-role`.
