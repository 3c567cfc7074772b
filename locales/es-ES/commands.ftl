# Descripciones de los comandos para Discord (100 caracteres como máximo) y etiquetas de las opciones.
# Los nombres de comandos siguen en inglés (los mensajes los citan: `/link`…); las opciones se traducen.

cmd-link-desc = Vincula tu cuenta de Resonite con tu cuenta de Discord.
cmd-unlink-desc = Desvincula tu cuenta de Resonite de tu cuenta de Discord (admins: la de otro miembro).
cmd-unlink-opt-user-desc = El miembro cuyo vínculo quitar (requiere Gestionar roles); tú si se deja vacío
cmd-unlink-opt-user-name = miembro
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

## Controles de verificación (issue 11)

cmd-whois-opt-resonite-desc = O un nombre de Resonite o un ID U-: quién está vinculado a él aquí (requiere Gestionar roles)
cmd-roles-preview-desc = Muestra qué cambiaría una regla (o las reglas actuales), sin cambiar nada.
cmd-roles-preview-opt-role-desc = El rol que concedería la regla (con rule:); vacío: las reglas actuales
cmd-roles-preview-opt-role-name = rol
cmd-roles-preview-opt-rule-desc = La condición sobre el perfil de Resonite
cmd-roles-preview-opt-rule-name = regla
cmd-roles-preview-opt-value-desc = tier/lifetime: céntimos o $; months: meses; account-age: días; tag: la etiqueta
cmd-roles-preview-opt-value-name = valor
cmd-roles-preview-opt-group-desc = Un grupo exclusivo, p. ej. tiers
cmd-roles-preview-opt-group-name = grupo
cmd-config-bypass-role-desc = El bot nunca cambia a los miembros con este rol (vacío: nadie queda exento).
cmd-config-bypass-role-opt-role-desc = Los miembros con este rol conservan roles y apodo; déjalo vacío para quitarlo
cmd-config-bypass-role-opt-role-name = rol
cmd-config-nickname-desc = Pone el apodo de los miembros vinculados según una plantilla (vacío: dejar de gestionarlos).
cmd-config-nickname-opt-template-desc = p. ej. {"{display} ({resonite})"}; también {"{discord}"}. Vacío: parar y devolver los apodos
cmd-config-nickname-opt-template-name = plantilla
cmd-doctor-desc = Revisa todo lo que mantiene bien los roles de este servidor, con la solución de cada problema.
