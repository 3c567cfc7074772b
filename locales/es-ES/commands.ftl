# Descripciones de los comandos para Discord (100 caracteres como máximo) y etiquetas de las opciones.
# Los nombres de comandos siguen en inglés (los mensajes los citan: `/link`…); las opciones se traducen.

cmd-link-desc = Vincula tu cuenta de Resonite con tu cuenta de Discord.
cmd-unlink-desc = Desvincula tu cuenta de Resonite de tu cuenta de Discord.
cmd-whois-desc = Muestra a qué cuenta de Resonite estás vinculado tú (u otro miembro).
cmd-whois-opt-user-desc = El miembro que buscar (requiere Gestionar roles); tú si se deja vacío
cmd-whois-opt-user-name = miembro
cmd-update-desc = Actualiza aquí tus roles según tu cuenta de Resonite vinculada (admins: los de otro miembro).
cmd-update-opt-user-desc = El miembro que actualizar (requiere Gestionar roles); tú si se deja vacío
cmd-update-opt-user-name = miembro
cmd-roles-desc = Qué roles obtienen los miembros vinculados según su perfil de Resonite.
cmd-roles-add-desc = Concede un rol a los miembros vinculados cuyo perfil de Resonite cumpla una condición.
cmd-roles-add-opt-role-desc = El rol que conceder
cmd-roles-add-opt-role-name = rol
cmd-roles-add-opt-rule-desc = La condición sobre el perfil de Resonite
cmd-roles-add-opt-rule-name = regla
cmd-roles-add-opt-value-desc = tier/lifetime: céntimos o $; months: meses; account-age: días; tag: la etiqueta
cmd-roles-add-opt-value-name = valor
cmd-roles-add-opt-group-desc = Un grupo exclusivo, p. ej. tiers: cada miembro solo tiene su rol más alto del grupo
cmd-roles-add-opt-group-name = grupo
cmd-roles-remove-desc = Deja de conceder un rol (todas sus reglas o un tipo de regla).
cmd-roles-remove-opt-role-desc = El rol
cmd-roles-remove-opt-role-name = rol
cmd-roles-remove-opt-rule-desc = Solo las reglas de este tipo; todas las reglas del rol si se deja vacío
cmd-roles-remove-opt-rule-name = regla
cmd-roles-list-desc = Muestra las reglas de roles del servidor y las que el bot no puede aplicar ahora.
cmd-config-desc = Los ajustes del bot para este servidor.
cmd-config-log-channel-desc = Publica vinculaciones, desvinculaciones y cambios de roles en un canal (vacío: dejar de publicar).
cmd-config-log-channel-opt-channel-desc = El canal; déjalo vacío para dejar de publicar
cmd-config-log-channel-opt-channel-name = canal
cmd-sync-desc = Vuelve a verificar ahora a todos los miembros vinculados del servidor y corrige sus roles.

## Etiquetas de las opciones

choice-rule-linked = vinculado
choice-rule-supporter = colaborador
choice-rule-patreon = mecenas de Patreon
choice-rule-tier-at-least = nivel mínimo
choice-rule-lifetime-at-least = total aportado mínimo
choice-rule-months-at-least = meses de apoyo mínimos
choice-rule-tag = etiqueta
choice-rule-neos-supporter = colaborador de Neos
choice-rule-account-age-at-least = antigüedad mínima de la cuenta (días)
choice-rule-unlinked = no vinculado
