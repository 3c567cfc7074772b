# Los comandos de los admins: /roles, /config, /whois, /doctor (español de España, tuteo).
# Variables: ver en-US/controls.ftl. Nombres de opciones como en commands.ftl (`rol:`,
# `regla:`, `valor:`, `grupo:`, `miembro:`, `canal:`, `plantilla:`; `resonite:` se queda igual),
# porque así se los muestra Discord a los admins en español. Tipos de regla (`linked`,
# `tier-at-least` …), marcadores ({ "{resonite}" } …) y /comandos se quedan como están.

## /roles add, remove, list

roles-action = Gestionar las reglas de roles
roles-value-invalid = `valor:` { $error }.
roles-group-taken = <@&{ $role }> ya está en el grupo `{ $group }`, y un rol solo puede estar en un grupo. Usa `grupo:{ $group }` o quita antes las reglas del rol con `/roles remove`.
roles-role-refused = `rol:` el bot no puede usar ese rol: { $reason }.
roles-in-group = Está en el grupo `{ $group }`: de los roles del grupo, cada miembro solo tiene el más alto que consigue.
roles-added-unlinked =
    { $count ->
        [one] Añadido: <@&{ $role }> para los miembros que cumplen la condición «{ $condition }» (los bots nunca lo reciben). El bot está revisando ahora a { $count } miembro de aquí; el rol se quita cuando alguien vincula su cuenta, se devuelve cuando la desvincula y se da a quien se une sin vincular.
       *[other] Añadido: <@&{ $role }> para los miembros que cumplen la condición «{ $condition }» (los bots nunca lo reciben). El bot está revisando ahora a los { $count } miembros de aquí; el rol se quita cuando alguien vincula su cuenta, se devuelve cuando la desvincula y se da a quien se une sin vincular.
    }
roles-added =
    { $count ->
        [one] Añadido: <@&{ $role }> para los miembros vinculados que cumplen la condición «{ $condition }». El bot lo está aplicando ahora a { $count } miembro vinculado de aquí; los nuevos lo recibirán al vincularse.
       *[other] Añadido: <@&{ $role }> para los miembros vinculados que cumplen la condición «{ $condition }». El bot lo está aplicando ahora a los { $count } miembros vinculados de aquí; los nuevos lo recibirán al vincularse.
    }
roles-exists = <@&{ $role }> ya tiene la regla «{ $condition }»; está activa.
roles-remove-none = <@&{ $role }> no tiene reglas.
roles-remove-none-kind = <@&{ $role }> no tiene reglas de tipo `{ $kind }`.
roles-removed =
    { $count ->
        [one] Se ha quitado { $count } regla de <@&{ $role }>. Quien tenga el rol lo conserva; el bot ya no lo añade ni lo quita, salvo que otra regla lo nombre.
       *[other] Se han quitado { $count } reglas de <@&{ $role }>. Quien tenga el rol lo conserva; el bot ya no lo añade ni lo quita, salvo que otra regla lo nombre.
    }
roles-list-empty = Aún no hay reglas de roles. Añade una con `/roles add rol: regla: [valor:]`, p. ej. la regla `patreon` para los mecenas activos de Patreon.
roles-list-head = **Reglas de roles** ({ $count })
# $reason: por qué el bot dejó de aplicar la regla, tal como se guardó (en inglés).
roles-list-disabled = desactivada: { $reason }
roles-list-withheld = no se da: el rol tiene un permiso peligroso y la regla no la añadió el propietario ni un Administrador (mira `/doctor`)
roles-list-group = [grupo `{ $group }`]
roles-list-rule = • <@&{ $role }> ← { $condition }{ $group }
roles-list-rule-problem = • ⚠️ <@&{ $role }> ← { $condition }{ $group } — no se puede aplicar: { $problem }
roles-list-swept = Última reverificación <t:{ $at }:R>.
roles-list-not-swept = Aún no se ha reverificado.
roles-list-pending =
    { $count ->
        [one] { $count } miembro espera a que se apliquen sus roles.
       *[other] { $count } miembros esperan a que se apliquen sus roles.
    }
roles-list-failed-head = ⚠️ Roles que no se han podido aplicar durante un día ({ $count }); `/update` sobre un miembro lo vuelve a intentar:
# $error: las palabras de Discord (en inglés).
roles-list-failed = • <@{ $user }>: { $error } (desde <t:{ $at }:R>)

## Lo que una regla pide a un perfil

condition-linked = cuenta de Resonite vinculada
condition-supporter = colaborador activo de Resonite
condition-patreon = mecenas activo de Patreon
condition-tier-at-least = nivel actual ≥ { $amount }
condition-lifetime-at-least = aportación total ≥ { $amount }
condition-months-at-least =
    { $count ->
        [one] al menos { $count } mes de apoyo
       *[other] al menos { $count } meses de apoyo
    }
condition-tag = etiqueta `{ $tag }`
condition-neos-supporter = mecenas de Patreon de la época de Neos
condition-account-age-at-least =
    { $count ->
        [one] cuenta con al menos { $count } día de antigüedad
       *[other] cuenta con al menos { $count } días de antigüedad
    }
condition-unlinked = sin cuenta de Resonite vinculada

## Por qué se rechazó un valor:

rule-error-unknown-kind = `{ $kind }` no es un tipo de regla; usa uno de estos: { $kinds }
rule-error-missing = la regla `{ $kind }` necesita un valor: { $hint }
rule-error-unexpected = la regla `{ $kind }` no admite valor, pero se ha indicado `{ $value }`; deja el valor vacío
rule-error-not-a-number = `{ $value }` no es un valor válido para la regla `{ $kind }`; se esperaba { $hint }
rule-error-negative = `{ $value }` es negativo; la regla `{ $kind }` necesita 0 o más
rule-error-too-large = `{ $value }` es demasiado grande para la regla `{ $kind }`; el máximo que admite es { $max }
rule-error-empty-tag = la etiqueta está vacía; indica una etiqueta de perfil de Resonite, p. ej. `mentor`
rule-error-tag-too-long = la etiqueta tiene { $count } caracteres; el máximo es { $max }
rule-hint-cents = céntimos, p. ej. 600 para $6, o dólares con el signo $, p. ej. $6 o $6.50
rule-hint-months = un número entero de meses, p. ej. 12
rule-hint-tag = una etiqueta de perfil de Resonite, p. ej. mentor o team member
rule-hint-days = un número entero de días, p. ej. 30
rule-hint-number = un número

## Por qué se rechazó un grupo:

group-error-empty = `grupo:` está vacío; indica un nombre como `tiers` o no uses la opción
group-error-too-long = `grupo:` tiene { $count } caracteres; el máximo es { $max }, p. ej. `tiers`
group-error-bad-character = `grupo:` solo admite letras, dígitos, espacios, `-` y `_`; `{ $name }` tiene otros caracteres (sirve, p. ej., `tiers`)

## Por qué el bot no puede gestionar un rol ($role: el nombre del rol, p. ej. @Patron)

refusal-everyone = @everyone lo tienen todos los miembros; elige un rol que se pueda dar a los miembros
refusal-managed = { $role } lo gestiona una integración (un bot o una suscripción); Discord no deja que nadie lo asigne
refusal-above-bot = { $role } está a la altura del rol más alto del bot o por encima; sube el rol del bot por encima de { $role } en Ajustes del servidor → Roles
refusal-no-manage-roles = el bot no tiene el permiso Gestionar roles; dáselo al rol del bot
refusal-deleted = ese rol ya no existe

## /config

config-action = Cambiar los ajustes del bot
config-log-channel-set = Las vinculaciones, desvinculaciones y cambios de roles se publicarán en <#{ $channel }>. Asegúrate de que el bot puede enviar mensajes allí (`/doctor` lo comprueba).
config-log-channel-off = El bot ya no publica en ningún canal de registro.
config-bypass-everyone = `rol:` @everyone eximiría a todos los miembros. Elige un rol que solo tengan algunos miembros, p. ej. `rol:@Staff`.
config-bypass-granted = `rol:` <@&{ $role }> lo concede una regla, así que quien lo consiguiera dejaría de actualizarse. Elige un rol que los admins den a mano, p. ej. `rol:@Staff`.
config-bypass-set = El bot nunca cambia a los miembros con <@&{ $role }>: sus roles y su apodo se quedan como están. `/whois` y `/roles preview` lo indican.
config-bypass-cleared = Ya no hay rol de exención: cada miembro vuelve a recibir los roles que le corresponden.
config-bypass-none = No hay ningún rol de exención configurado.
config-nickname-not-managed = El bot no gestiona los apodos aquí.
config-nickname-off = El bot ya no gestiona los apodos.
config-nickname-off-given-back =
    { $count ->
        [one] El bot ya no gestiona los apodos. { $count } miembro al que renombró recupera ahora su apodo anterior (salvo que lo haya cambiado desde entonces).
       *[other] El bot ya no gestiona los apodos. { $count } miembros a los que renombró recuperan ahora su apodo anterior (salvo que lo hayan cambiado desde entonces).
    }
config-nickname-invalid = `plantilla:` { $error }.
config-nickname-no-permission = El bot no tiene el permiso Gestionar apodos: Ajustes del servidor → Roles → el rol del bot → activa Gestionar apodos y vuelve a ejecutar esto. No se ha cambiado nada.
# $nick: el apodo que la plantilla da al admin que la escribió.
config-nickname-example-linked = el tuyo sería **{ $nick }**
config-nickname-example = el tuyo, vinculado a una cuenta de Resonite llamada ResoniteName, sería **{ $nick }**
config-nickname-set =
    { $count ->
        [one] Los apodos de los miembros vinculados siguen ahora `{ $template }` — { $example }. El bot lo está aplicando ahora a { $count } miembro vinculado de aquí. El propietario del servidor y los miembros cuyo rol más alto está por encima del del bot conservan el suyo (`/doctor` los muestra); todos recuperan su apodo anterior al desvincularse o cuando borres la plantilla.
       *[other] Los apodos de los miembros vinculados siguen ahora `{ $template }` — { $example }. El bot lo está aplicando ahora a los { $count } miembros vinculados de aquí. El propietario del servidor y los miembros cuyo rol más alto está por encima del del bot conservan el suyo (`/doctor` los muestra); todos recuperan su apodo anterior al desvincularse o cuando borres la plantilla.
    }
template-error-unknown = `{ $name }` no es un marcador que conozca: usa { "{resonite}" } (nombre de usuario de Resonite), { "{discord}" } (nombre de usuario de Discord) o { "{display}" } (nombre para mostrar de Discord), p. ej. `{ "{display} ({resonite})" }`
template-error-unclosed = hay una llave `{ "{" }` sin cerrar: los marcadores son como { "{resonite}" }, p. ej. `{ "{display} ({resonite})" }`
template-error-empty = la plantilla daría un apodo vacío: incluye un marcador, p. ej. `{ "{resonite}" }`
template-error-too-long = la plantilla tiene { $count } caracteres; como máximo { $max } (de todos modos, los apodos se cortan a 32), p. ej. `{ "{display} ({resonite})" }`
cause-settings = han cambiado los ajustes del bot en el servidor

## /whois

whois-both = `miembro:` y `resonite:`: indica solo uno de los dos, p. ej. `/whois miembro:@Miembro` o `/whois resonite:PatronUser`.
whois-needs-manage-roles = Para buscar a otro miembro necesitas el permiso Gestionar roles. Contigo mismo siempre puedes usar /whois.
# $linked, $verified: horas Unix.
whois-linked-self = Estás vinculado a la cuenta de Resonite **{ $username }** (`{ $resonite_id }`) desde <t:{ $linked }:R>; última verificación <t:{ $verified }:R>.
# $name: el nombre de Discord del miembro, escapado.
whois-linked-other = { $name } está vinculado a la cuenta de Resonite **{ $username }** (`{ $resonite_id }`) desde <t:{ $linked }:R>; última verificación <t:{ $verified }:R>.
whois-not-linked-self = No estás vinculado a ninguna cuenta de Resonite. Usa `/link` para vincular una.
whois-not-linked-other = { $name } no está vinculado a ninguna cuenta de Resonite. Puede vincular una con `/link`.
whois-stale = ⚠️ Resonite dejó de aceptar este vínculo <t:{ $since }:R>: ejecuta `/link` para renovarlo o los roles de colaborador se retirarán al acabar el periodo de gracia.
whois-linked-roles-active = Roles vinculados: activos (el perfil de Discord muestra la cuenta de Resonite y se mantiene al día).
whois-linked-roles-pushed-once = Roles vinculados: se muestran en el perfil de Discord tal como estaban al vincular (sin actualizar: no hay clave de tokens configurada).
whois-linked-roles-pending = Roles vinculados: conectando (Discord aún no ha aceptado la conexión).
whois-linked-roles-refused = Roles vinculados: inactivos (Discord dejó de aceptar la conexión; vuelve a conectarla desde los Roles vinculados del servidor).
whois-linked-roles-none = Roles vinculados: sin conectar.
whois-bypass = 🛡️ Tiene el rol de exención <@&{ $role }>: el bot no cambia aquí sus roles ni su apodo.
whois-resonite-blank = `resonite:` indica un nombre de usuario o un ID de Resonite, p. ej. `resonite:PatronUser` o `resonite:U-PatronUser`.
whois-resonite-server = `resonite:` usa esto en un servidor.
whois-resonite-needs-manage-roles = Para buscar quién está vinculado a una cuenta de Resonite necesitas el permiso Gestionar roles.
whois-resonite-found = La cuenta de Resonite **{ $username }** (`{ $resonite_id }`) está vinculada a <@{ $user }> desde <t:{ $linked }:R>; última verificación <t:{ $verified }:R>.
# $name: lo que se escribió, escapado.
whois-resonite-nobody = Nadie de aquí está vinculado a la cuenta de Resonite **{ $name }**.

## /roles preview

preview-action = Previsualizar las reglas de roles
preview-needs-role = `rol:` indica qué rol concedería la regla, p. ej. `/roles preview rol:@Patron regla:patreon`.
preview-needs-rule = `regla:` indica qué condición concedería el rol, p. ej. `/roles preview rol:@Patron regla:patreon`.
preview-stray-options = `valor:` y `grupo:` van con `regla:`, p. ej. `/roles preview rol:@Gold regla:tier-at-least valor:$25 grupo:tiers`.
preview-head-rule = **Vista previa** de <@&{ $role }> ← { $condition }. No se ha cambiado nada.
preview-head-rule-group = **Vista previa** de <@&{ $role }> ← { $condition } en el grupo `{ $group }`. No se ha cambiado nada.
preview-head-current = **Vista previa** de las reglas actuales: lo que cambiaría aplicarlas ahora. No se ha cambiado nada.
preview-can-apply = ✅ El bot puede aplicarla.
preview-cannot-apply = ❌ El bot no podría aplicarla: { $reason }.
preview-nothing =
    { $count ->
        [one] Ningún miembro ganaría ni perdería un rol ({ $count } miembro revisado).
       *[other] Ningún miembro ganaría ni perdería un rol ({ $count } miembros revisados).
    }
# $names: hasta diez menciones, luego preview-more.
preview-gains =
    { $count ->
        [one] ➕ <@&{ $role }> se daría a { $count } miembro: { $names }
       *[other] ➕ <@&{ $role }> se daría a { $count } miembros: { $names }
    }
preview-losses =
    { $count ->
        [one] ➖ <@&{ $role }> se quitaría a { $count } miembro: { $names }
       *[other] ➖ <@&{ $role }> se quitaría a { $count } miembros: { $names }
    }
preview-gains-refused =
    { $count ->
        [one] ➕ <@&{ $role }> se daría a { $count } miembro (❌ el bot no puede: { $reason }): { $names }
       *[other] ➕ <@&{ $role }> se daría a { $count } miembros (❌ el bot no puede: { $reason }): { $names }
    }
preview-losses-refused =
    { $count ->
        [one] ➖ <@&{ $role }> se quitaría a { $count } miembro (❌ el bot no puede: { $reason }): { $names }
       *[other] ➖ <@&{ $role }> se quitaría a { $count } miembros (❌ el bot no puede: { $reason }): { $names }
    }
preview-more = y { $count } más
preview-bypassed =
    { $count ->
        [one] 🛡️ { $count } miembro con el rol de exención <@&{ $role }> se quedaría como está.
       *[other] 🛡️ { $count } miembros con el rol de exención <@&{ $role }> se quedarían como están.
    }
preview-incomplete = ⚠️ Solo se han contado los miembros vinculados: la lista de miembros no ha llegado (activa el Server Members Intent).
preview-cut = … (no se muestran más cambios)

## /doctor: la línea de cada comprobación y la solución cuando algo falla

doctor-action = Ejecutar la lista de comprobación
doctor-head = **Doctor**: lo que mantiene bien los roles de este servidor
doctor-manage-roles-ok = El bot tiene Gestionar roles.
doctor-manage-roles-missing = El bot no tiene Gestionar roles: no puede dar ni quitar ningún rol.
doctor-manage-roles-fix = Ajustes del servidor → Roles → el rol del bot → activa Gestionar roles.
doctor-no-rules = Aún no hay reglas de roles: vincularse no da ningún rol.
doctor-no-rules-fix = Añade una con `/roles add rol:@Linked regla:linked`.
doctor-roles-ok = Todos los roles que conceden las reglas ({ $count }) están por debajo del rol del bot.
# $problems: los roles y el motivo, separados por "; ".
doctor-roles-problems = El bot no puede asignar: { $problems }.
doctor-role-gone = un rol que ya no existe
doctor-roles-fix = Arrastra el rol del bot por encima de estos roles (Ajustes del servidor → Roles) o quita sus reglas con `/roles remove`.
doctor-nicknames-no-permission = Los apodos siguen `{ $template }`, pero el bot no tiene Gestionar apodos.
doctor-nicknames-no-permission-fix = Ajustes del servidor → Roles → el rol del bot → activa Gestionar apodos.
doctor-nicknames-ok = Los apodos siguen `{ $template }`; el bot puede renombrar a todos los miembros vinculados.
# $names: menciones con el motivo, p. ej. "<@1> (propietario del servidor), <@2> (rol por encima del del bot)".
doctor-nicknames-skipped = Los apodos siguen `{ $template }`, pero Discord no deja que el bot renombre a { $names }.
doctor-nicknames-skipped-more = Los apodos siguen `{ $template }`, pero Discord no deja que el bot renombre a { $names } y { $count } más.
doctor-skip-owner = <@{ $user }> (propietario del servidor)
doctor-skip-above = <@{ $user }> (rol por encima del del bot)
doctor-nicknames-skipped-fix = Nadie puede renombrar al propietario; para los demás, arrastra el rol del bot por encima del suyo.
doctor-bypass = El bot nunca cambia a los miembros con <@&{ $role }>.
doctor-log-none = No hay canal de registro: las vinculaciones, desvinculaciones y cambios de roles no se publican en ninguna parte.
doctor-log-none-fix = Configura uno con `/config log-channel canal:#bot-log`.
doctor-log-ok = El bot puede publicar en el canal de registro <#{ $channel }>.
doctor-log-not-writable = El bot no puede publicar en el canal de registro <#{ $channel }>.
doctor-log-not-writable-fix = Da al rol del bot los permisos Ver canal y Enviar mensajes allí, o elige otro canal con `/config log-channel`.
doctor-log-unknown = No se pudo comprobar el canal de registro <#{ $channel }> (el servidor aún no está en la caché del bot).
doctor-log-unknown-fix = Vuelve a ejecutar `/doctor` dentro de un minuto.
doctor-log-missing = El canal de registro ({ $channel }) ya no existe.
doctor-log-missing-fix = Elige otro con `/config log-channel canal:#bot-log`.
doctor-members-ok = La lista de miembros ha llegado (Server Members Intent activado).
doctor-members-missing = La lista de miembros no ha llegado: la regla `unlinked` y las vistas previas solo ven a los miembros vinculados.
doctor-members-missing-fix = Activa el Server Members Intent (Developer Portal → Bot → Privileged Gateway Intents) y reinicia el bot.
# $every: doctor-every-days/hours/minutes/seconds.
doctor-reverify-on = La reverificación está activada: cada vínculo se comprueba con Resonite cada { $every }.
doctor-every-days = { $count } d
doctor-every-hours = { $count } h
doctor-every-minutes = { $count } min
doctor-every-seconds = { $count } s
doctor-reverify-off = La reverificación está desactivada: los roles siguen el perfil tal como estaba cuando cada miembro se vinculó.
doctor-reverify-off-fix = El operador del bot configura TOKEN_ENCRYPTION_KEY (consulta el README) y lo reinicia.
doctor-swept = Última reverificación <t:{ $at }:R>.
doctor-not-swept = Aún no se ha reverificado.
doctor-not-swept-fix = Ejecuta `/sync` para reverificar a todos ahora.
doctor-not-swept-nothing = Aún no se ha reverificado (no hay nada que reverificar).
doctor-linked-roles-on = Los Roles vinculados están activados: los miembros pueden conectar Resonite a su perfil de Discord.
doctor-linked-roles-off = Los Roles vinculados están desactivados (el operador los activa con DISCORD_CLIENT_SECRET; opcional).
doctor-stale-none = No hay vínculos caducados.
doctor-stale =
    { $count ->
        [one] Resonite ya no acepta el vínculo de { $count } miembro de aquí (vínculo caducado).
       *[other] Resonite ya no acepta el vínculo de { $count } miembros de aquí (vínculos caducados).
    }
doctor-stale-fix = Se les ha pedido que vuelvan a ejecutar `/link`; sus roles de colaborador se retirarán al acabar el periodo de gracia.
doctor-pending-none = No hay cambios de roles pendientes.
doctor-pending =
    { $count ->
        [one] { $count } miembro espera a que se apliquen sus roles.
       *[other] { $count } miembros esperan a que se apliquen sus roles.
    }
doctor-pending-fix = No hay que hacer nada si el número baja; si no, revisa las líneas de arriba (permisos, orden de los roles).
doctor-failed-none = No hay cambios de roles fallidos.
doctor-failed =
    { $count ->
        [one] No se han podido aplicar durante un día los roles de { $count } miembro:
       *[other] No se han podido aplicar durante un día los roles de { $count } miembros:
    }
# $error: las palabras de Discord (en inglés).
doctor-failed-member = • <@{ $user }>: { $error }
doctor-failed-fix = Corrige la causa de arriba y luego ejecuta `/update miembro:` para cada miembro (o `/sync`).

## Quién puede dar qué rol (incidencia 23)

permission-administrator = Administrador
permission-manage-guild = Gestionar servidor
permission-manage-roles = Gestionar roles
permission-ban-members = Banear miembros
permission-kick-members = Expulsar miembros
permission-manage-webhooks = Gestionar webhooks
rank-missing-manage-roles = hace falta el permiso Gestionar roles de tus roles en este servidor
rank-missing-manage-guild = hace falta el permiso Gestionar servidor de tus roles en este servidor
rank-not-below = { $role } no está por debajo de tu rol más alto, así que no puedes hacer que el bot lo dé (la misma regla de Discord cuando das un rol a mano). Pídeselo a alguien cuyo rol más alto esté por encima, o al propietario del servidor.
rank-dangerous = { $role } tiene { $permissions }: una regla se lo daría a cada miembro que la cumpla. Solo el propietario del servidor o un miembro con Administrador puede añadirla.
roles-bypass-refused = `rol:` <@&{ $role }> es el rol de exención: el bot nunca cambia a quienes lo tienen, así que quien lo consiguiera quedaría congelado para siempre. Elige otro rol, o quita antes el rol de exención con `/config bypass-role` (sin rol) o pon otro.
roles-vouched = <@&{ $role }> ya tenía la regla «{ $condition }», añadida por alguien que no es propietario ni Administrador; ahora es tuya, y el bot vuelve a dar el rol.
whois-not-member = { $name } no es miembro de este servidor.
doctor-rule-withheld = <@&{ $role }> tiene { $permissions }, y su regla no la añadió el propietario ni un Administrador: el bot no la da.
doctor-rule-withheld-fix = El propietario del servidor o un Administrador vuelve a añadir la regla con `/roles add rol:<@&{ $role }>`, o quítala con `/roles remove`.
doctor-bypass-granted = El rol de exención <@&{ $role }> también lo da una regla: quien lo consigue queda congelado para siempre.
doctor-bypass-granted-fix = Quita la regla con `/roles remove rol:<@&{ $role }>`, o pon otro rol de exención con `/config bypass-role`.
