# The admin dashboard (/admin): sign-in, servers, overview, members, rules, settings, audit.

admin-title = Dashboard
admin-skip = Skip to content
admin-signed-in-as = Signed in as { $name }
admin-sign-out = Sign out
admin-tabs-label = Server pages
admin-tab-overview = Overview
admin-servers-title = Your servers
admin-servers-intro = Servers where the bot is and you have Manage Server:
admin-servers-none = The bot is in no server where you have Manage Server.
admin-overview-title = { $server }: overview
admin-signed-out-title = Signed out
admin-signed-out-explanation = You are signed out of the dashboard.
admin-sign-in-again = Sign in again
admin-sign-in-next = Open /admin again to sign in.
admin-try-later = Nothing was changed. Try again in a minute.
admin-csrf-title = This form has expired
admin-csrf-explanation = It was not sent from this session's page, so nothing was changed.
admin-csrf-next = Reload the page and try again.
admin-denied-title = Sign-in cancelled
admin-denied-explanation = Discord did not let the bot see who you are, so you are not signed in.
admin-incomplete-title = Sign-in incomplete
admin-incomplete-explanation = Discord's answer was missing something, so you are not signed in.
admin-expired-title = This sign-in has expired
admin-expired-explanation = It was already used, or took too long.
admin-browser-title = Finish in the same browser
admin-browser-explanation = This sign-in was started in another browser.
admin-discord-title = Discord did not answer
admin-discord-explanation = The bot could not check with Discord which servers you manage.
admin-database-title = The database is not answering
admin-database-explanation = The bot cannot read or write its data right now.
admin-ours-title = Something went wrong on our side
admin-ours-explanation = The bot could not finish this request.
admin-fig-linked = linked members
admin-fig-stale = stale links
admin-fig-pending = pending role changes
admin-fig-failed = failed role changes
admin-fig-rules = rules
admin-chart-activity = Links and unlinks per day (last { $days } days)
admin-chart-activity-summary = { $links } links and { $unlinks } unlinks
admin-chart-links = Links
admin-chart-unlinks = Unlinks
admin-chart-none = Nothing in this period.
admin-col-day = Day
admin-tab-members = Members
admin-members-title = { $server }: members
admin-members-search = Search by Resonite name, U- id or Discord id
admin-search = Search
admin-members-export = Download members.csv
admin-members-caption = Linked members, page { $page }
admin-members-none = No linked member matches.
admin-col-discord = Discord
admin-col-resonite = Resonite account
admin-col-verified = Last verified
admin-col-roles = Roles given
admin-col-changes = Role changes
admin-queue-done = applied
admin-queue-pending = pending
admin-queue-failed = failed
admin-retry = Retry
admin-stale = (stale)
admin-pages-label = Pages
admin-prev = Previous page
admin-next = Next page
admin-sync-now = Sync now
admin-sync-explanation = Applies the rules to every linked member again.
admin-tab-rules = Rules
admin-rules-title = { $server }: rules
admin-rules-caption = Role rules ({ $count })
admin-rules-none = No role rules yet. Add one below.
admin-col-role = Role
admin-col-condition = Condition
admin-col-group = Group
admin-col-holders = Members with the role
admin-col-state = State
admin-col-actions = Actions
admin-rules-applies = applies
admin-rules-disabled = disabled: { $reason }
admin-rules-withheld = not granted: the role carries a dangerous permission and the rule was not added by the owner or an Administrator
admin-rules-remove = Remove
admin-rules-remove-label = Remove the rules of { $role }
admin-rules-swept = Members were last re-verified on { $date }.
admin-rules-not-swept = Members have not been re-verified yet.
admin-rules-needs-manage-roles = Changing role rules needs the Manage Roles permission from your roles in this server.
admin-rules-add-title = Add a rule
admin-rules-field-role = Role to grant
admin-rules-pick = Pick a role
admin-rules-field-rule = Condition on the Resonite profile
admin-rules-field-value = Value
admin-rules-field-group = Exclusive group
admin-rules-preview = Preview
admin-rules-add = Add rule
admin-rules-pick-role = Pick the role the rule grants.
admin-rules-added =
    { $count ->
        [one] Added: { $role } for members with { $condition }. { $count } linked member is checked again.
       *[other] Added: { $role } for members with { $condition }. { $count } linked members are checked again.
    }
admin-rules-added-unlinked =
    { $count ->
        [one] Added: { $role } for members with { $condition }. { $count } member is checked again.
       *[other] Added: { $role } for members with { $condition }. { $count } members are checked again.
    }
admin-rules-vouched = { $role } already had this rule, added by someone who is not the owner or an Administrator; it is now yours, and the bot grants the role again.
admin-rules-exists = { $role } already has this rule; it is active.
admin-rules-in-group = It is in the group `{ $group }`: of its roles a member holds only the highest they earn.
admin-rules-removed =
    { $count ->
        [one] Removed { $count } rule of { $role }.
       *[other] Removed { $count } rules of { $role }.
    }
admin-rules-remove-none = { $role } has no rules.
admin-rules-value-invalid = Value: { $error }.
admin-rules-group-taken = { $role } is already in the group `{ $group }`, and a role is in at most one group. Use the group `{ $group }`, or remove the role's rules first.
admin-rules-bypass = { $role } is the bypass role: the bot never changes its holders, so whoever earned it would be frozen for good. Pick another role, or change the bypass role in the settings first.
admin-rules-role-refused = The bot cannot use that role: { $reason }.
admin-preview-title = Preview
admin-preview-can-apply = The bot can apply this rule.
admin-preview-cannot-apply = The bot cannot apply this rule: { $reason }.
admin-preview-nothing =
    { $count ->
        [one] Nothing would change for the { $count } member looked at.
       *[other] Nothing would change for the { $count } members looked at.
    }
admin-preview-gains =
    { $count ->
        [one] { $role } would be given to { $count } member
       *[other] { $role } would be given to { $count } members
    }
admin-preview-losses =
    { $count ->
        [one] { $role } would be taken from { $count } member
       *[other] { $role } would be taken from { $count } members
    }
admin-preview-refused = (the bot cannot: { $reason })
admin-preview-more = and { $count } more
admin-preview-bypassed = { $count } members hold the bypass role { $role } and are left alone.
admin-preview-incomplete = Only linked members found in the server were looked at: the bot has not received the full member list.
admin-preview-note = A preview changes nothing.
admin-tab-settings = Settings
admin-settings-title = { $server }: settings
admin-settings-save = Save
admin-settings-log-channel = Log channel
admin-settings-log-channel-hint = The id of the text channel where links, unlinks and role changes are posted (in Discord: right-click the channel → Copy Channel ID). Empty: nowhere.
admin-settings-bypass = Bypass role
admin-settings-bypass-hint = Members holding this role are never changed by the bot: their roles and nickname stay as they are.
admin-settings-bypass-none = No bypass role
admin-settings-nickname = Nickname template
admin-settings-nickname-hint = For example `{ "{display} ({resonite})" }`; also `{ "{discord}" }`. Empty: the bot stops, and gives nicknames back.
admin-settings-needs-manage-guild = Changing the settings needs the Manage Server permission from your roles in this server.
admin-settings-not-an-id = That is not an id: give the digits of the id, or leave the field empty.
admin-settings-log-set = Links, unlinks and role changes will be posted in the channel { $channel }. Make sure the bot can send messages there.
admin-settings-bypass-set = Members holding the bypass role are never changed by the bot: their roles and nickname stay as they are.
admin-settings-bypass-everyone = @everyone would exempt every member. Pick a role only some members hold.
admin-settings-bypass-granted = A rule grants that role, so whoever earns it would stop being updated. Pick a role admins give by hand.
admin-settings-nickname-set =
    { $count ->
        [one] Nicknames follow `{ $template }` now; yours would read `{ $nick }`. { $count } linked member is checked again.
       *[other] Nicknames follow `{ $template }` now; yours would read `{ $nick }`. { $count } linked members are checked again.
    }
admin-settings-nickname-invalid = Template: { $error }.
admin-settings-nickname-no-permission = The bot lacks the Manage Nicknames permission: Server Settings → Roles → the bot's role → turn on Manage Nicknames, then save again. Nothing was changed.
admin-tab-audit = Audit log
admin-audit-title = { $server }: audit log
admin-audit-filter = Only this member (Discord id)
admin-audit-caption = What the bot did here, newest first, page { $page }
admin-audit-none = Nothing recorded.
admin-col-time = Time
admin-col-action = Action
admin-col-actor = By
admin-col-detail = Detail
