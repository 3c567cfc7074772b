# Discord's command descriptions (at most 100 characters each) and choice labels.
# Keys: cmd-<command path>-desc, cmd-<path>-opt-<option>-desc, choice-<option>-<choice>.
# A translation may add cmd-<path>-name / cmd-<path>-opt-<option>-name: a localized name
# (lowercase, no spaces, at most 32 characters), only where one is natural.

cmd-link-desc = Link your Resonite account to your Discord account.
cmd-unlink-desc = Unlink your Resonite account from your Discord account (admins: another member's).
cmd-unlink-opt-user-desc = A member whose link to remove (needs Manage Roles); yourself if empty
cmd-whois-desc = Show which Resonite account you (or another member) are linked to.
cmd-whois-opt-user-desc = The member to look up (needs Manage Roles); yourself if empty
cmd-update-desc = Update your roles here from your linked Resonite account (admins: another member's).
cmd-update-opt-user-desc = The member to update (needs Manage Roles); yourself if empty
cmd-roles-desc = Which roles linked members earn from their Resonite profile.
cmd-roles-add-desc = Grant a role to linked members whose Resonite profile meets a condition.
cmd-roles-add-opt-role-desc = The role to grant
cmd-roles-add-opt-rule-desc = The condition on the Resonite profile
cmd-roles-add-opt-value-desc = For tier/lifetime: cents or $; months; days; or the tag
cmd-roles-add-opt-group-desc = An exclusive group, e.g. tiers: members hold only its highest role they earn
cmd-roles-remove-desc = Stop granting a role (all its rules, or one kind of rule).
cmd-roles-remove-opt-role-desc = The role
cmd-roles-remove-opt-rule-desc = Only rules of this kind; all of the role's rules if empty
cmd-roles-list-desc = Show this server's role rules, and any the bot cannot apply right now.
cmd-config-desc = The bot's settings for this server.
cmd-config-log-channel-desc = Post links, unlinks and role changes to a channel (empty: stop posting).
cmd-config-log-channel-opt-channel-desc = The channel; leave empty to stop posting
cmd-sync-desc = Re-verify every linked member of this server now and fix their roles.

## Choice labels
choice-rule-linked = linked
choice-rule-supporter = supporter
choice-rule-patreon = patreon
choice-rule-tier-at-least = tier-at-least
choice-rule-lifetime-at-least = lifetime-at-least
choice-rule-months-at-least = months-at-least
choice-rule-tag = tag
choice-rule-neos-supporter = neos-supporter
choice-rule-account-age-at-least = account-age-at-least
choice-rule-unlinked = unlinked

## Verification controls (issue 11)

cmd-whois-opt-resonite-desc = Or a Resonite username or U- id: who here is linked to it (needs Manage Roles)
cmd-roles-preview-desc = See what a rule would change (or what the current rules would), changing nothing.
cmd-roles-preview-opt-role-desc = The role the rule would grant (with rule:); empty: preview the current rules
cmd-roles-preview-opt-rule-desc = The condition on the Resonite profile
cmd-roles-preview-opt-value-desc = For tier/lifetime: cents or $; months; days; or the tag
cmd-roles-preview-opt-group-desc = An exclusive group, e.g. tiers
cmd-config-bypass-role-desc = Members holding a role are never changed by the bot (empty: nobody is exempt).
cmd-config-bypass-role-opt-role-desc = Members with this role keep their roles and nickname; leave empty to clear
cmd-config-nickname-desc = Set linked members' nicknames from a template (empty: stop managing nicknames).
cmd-config-nickname-opt-template-desc = e.g. {"{display} ({resonite})"}; also {"{discord}"}. Empty: stop, and give nicknames back
cmd-doctor-desc = Check everything that keeps this server's roles right, with the fix for each problem.
