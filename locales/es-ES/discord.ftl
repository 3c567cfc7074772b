# Respuestas, canal de registro y MD en Discord (español de España, tuteo). Variables: ver en-US/discord.ftl.

## Errores que cualquier comando puede devolver

error-database-away = La base de datos del bot no responde ahora mismo; vuelve a intentarlo dentro de un minuto.
error-internal = Algo ha fallado en el bot. Se ha registrado; vuelve a intentarlo en un momento.
error-use-in-server = Usa esto en un servidor.
error-needs-manage-roles = { $what } requiere el permiso Gestionar roles.
error-needs-manage-guild = { $what } requiere el permiso Gestionar servidor.

## /link y /unlink

link-slash-only = Usa /link como comando de barra.
link-already =
    Estás vinculado a la cuenta de Resonite **{ $username }** (`{ $resonite_id }`).
    Para vincular otra cuenta (o renovar esta), inicia sesión en Resonite con el botón de abajo.
link-intro = Inicia sesión en Resonite con el botón de abajo y autoriza el acceso. Tus roles llegarán en cuanto estés vinculado.
link-button-expires =
    { $minutes ->
        [one] El botón funciona una sola vez, durante { $minutes } minuto.
       *[other] El botón funciona una sola vez, durante { $minutes } minutos.
    }
link-button = Vincular en Resonite
linked-head = ✅ Vinculado a la cuenta de Resonite **{ $username }** (`{ $resonite_id }`).
linked-replaces = Sustituye a tu vínculo anterior con **{ $old_username }**.
roles-on-their-way = Tus roles están en camino: llegarán en un momento, no tienes que hacer nada más.
link-failed-denied = ❌ La vinculación no se ha completado: rechazaste el acceso en Resonite. Ejecuta `/link` para volver a intentarlo.
link-failed-taken = ❌ La vinculación no se ha completado: la cuenta de Resonite **{ $username }** ya está vinculada a otra cuenta de Discord. Ejecuta `/link` para volver a intentarlo.
link-failed-database = ❌ La vinculación no se ha completado: la base de datos del bot no responde ahora mismo; el mismo botón volverá a funcionar dentro de un minuto. Ejecuta `/link` para volver a intentarlo.
link-failed-resonite = ❌ La vinculación no se ha completado: Resonite no pudo terminarla. Ejecuta `/link` para volver a intentarlo.
unlink-done = Se ha desvinculado la cuenta de Resonite **{ $username }**. Usa `/link` para volver a vincularla.
unlink-roles-pending = Se están quitando los roles que gestiona el bot; puede tardar un momento.
unlink-none = No tienes ninguna cuenta de Resonite vinculada. Usa `/link` para vincular una.

## /update

update-use-in-server = Usa /update en un servidor.
update-needs-manage-roles = Para actualizar a otro miembro necesitas el permiso Gestionar roles. A ti mismo siempre puedes actualizarte con /update.
update-queued = Tu solicitud está en cola: los roles llegarán en menos de un minuto (Discord tarda en responder ahora mismo).
update-not-member-self = No eres miembro de este servidor.
update-not-member-other = Ese usuario no es miembro de este servidor.
update-not-linked-self = No estás vinculado a ninguna cuenta de Resonite, así que no se aplica ningún rol por vinculación. Usa `/link` para vincular una.
update-not-linked-other = { $name } no está vinculado a ninguna cuenta de Resonite, así que no se aplica ningún rol por vinculación. Con `/link` se vincula una.
update-done = Roles actualizados.
update-up-to-date = Los roles ya están al día.
update-retrying = Discord no respondió para algunos roles; el bot sigue intentándolo.

## /sync

sync-action = Sincronizar a todos los miembros
sync-starting = Sincronizando: empezando…
sync-progress =
    Sincronizando: { $done }/{ $total } cuentas vinculadas revisadas, { $changed } con cambios de roles, { $errors ->
        [one] { $errors } error.
       *[other] { $errors } errores.
    }
sync-finished =
    Sincronización terminada: { $done }/{ $total } cuentas vinculadas revisadas, { $changed } con cambios de roles, { $errors ->
        [one] { $errors } error.
       *[other] { $errors } errores.
    }
sync-no-key = La reverificación con Resonite está desactivada (no hay TOKEN_ENCRYPTION_KEY): los roles se han sincronizado a partir de los perfiles guardados al vincular.
sync-already-running = Ya hay una sincronización en curso en este servidor; su mensaje muestra el progreso. Vuelve a intentarlo cuando termine.

## Lo que ha hecho una sincronización (para el miembro)

report-granted = Roles concedidos: { $roles }
report-removed = Roles retirados: { $roles }
report-failed = No se pudo cambiar { $role }: { $why }
report-role-unknown = rol { $role }
report-list-separator = {", "}
report-why-permissions = el bot no tiene permiso (un administrador del servidor puede subir el rol del bot)
report-why-deleted = el rol se ha eliminado
report-why-transient = Discord no respondió; el bot sigue intentándolo
report-why-not-member = el miembro no está en el servidor
report-why-other = Discord lo rechazó ({ $error })

## El canal de registro (en el idioma del servidor)

log-linked = 🔗 <@{ $user }> ha vinculado la cuenta de Resonite **{ $username }** (`{ $resonite_id }`)
log-relinked = 🔗 <@{ $user }> ha vinculado la cuenta de Resonite **{ $username }** (`{ $resonite_id }`), en lugar de **{ $old_username }**
log-unlinked = ⛓️‍💥 <@{ $user }> ha desvinculado la cuenta de Resonite **{ $username }** (`{ $resonite_id }`)
log-roles-changed = <@{ $user }> ({ $cause }): { $changes }
log-role-deleted = ⚠️ Se ha eliminado el rol { $role }: sus reglas quedan desactivadas. Quítalas con `/roles remove` o añade reglas para otro rol.
log-missing-permissions = ⚠️ No se pudo cambiar <@&{ $role }> a <@{ $user }>: dale al bot el permiso Gestionar roles y sube su rol por encima de <@&{ $role }>.
log-change-failed = ⚠️ No se pudo cambiar <@&{ $role }> a <@{ $user }>: { $error }.
log-gave-up = ⚠️ Los roles de <@{ $user }> no se han podido actualizar durante un día ({ $error }); el bot ha dejado de reintentarlo. `/update` lo vuelve a intentar y `/roles list` muestra lo que sigue fallando.
cause-linked = cuenta de Resonite vinculada
cause-unlinked = cuenta de Resonite desvinculada
cause-update = roles actualizados a petición
cause-joined = se ha unido al servidor
cause-sweep = reverificado
cause-rules = han cambiado las reglas de roles del servidor

## Mensajes directos (en el idioma del /link)

dm-link-stale =
    { $grace_days ->
        [one] Tu vínculo con Resonite (**{ $username }**) necesita renovarse: Resonite ya no acepta el acceso del bot. Ejecuta `/link` en el servidor para conservar tus roles; si no, los roles de colaborador se retirarán dentro de { $grace_days } día.
       *[other] Tu vínculo con Resonite (**{ $username }**) necesita renovarse: Resonite ya no acepta el acceso del bot. Ejecuta `/link` en el servidor para conservar tus roles; si no, los roles de colaborador se retirarán dentro de { $grace_days } días.
    }
dm-linked-roles-disconnected = La conexión de Resonite de tu perfil de Discord ha dejado de actualizarse: Discord ya no acepta el acceso del bot. Para volver a conectarla, abre el menú del servidor → Roles vinculados (Linked Roles) y elige de nuevo la conexión resonite-verify (o usa el enlace de la página de resultado de `/link`).

## Quién puede hacer qué a través del bot (incidencia 23)

error-permission-from-roles = Cuentan los permisos de tus roles en este servidor; uno dado en un solo canal no cuenta.
unlink-confirm = ¿Desvincular la cuenta de Resonite **{ $username }**? El bot olvida el vínculo y te quita, en todos los servidores, los roles que te dio. Nada cambia hasta que pulses **Desvincular**.
unlink-confirm-button = Desvincular
unlink-cancel-button = Mantener mi vínculo
unlink-cancelled = No ha cambiado nada: tu vínculo sigue.
unlink-not-yours = Este botón es del `/unlink` de otra persona.
unlink-action = Quitar el vínculo de otro miembro
unlink-user-none = <@{ $user }> no tiene ninguna cuenta de Resonite vinculada.
unlink-user-done = Se ha desvinculado a <@{ $user }> de la cuenta de Resonite **{ $username }**.
unlink-user-told = Se le ha avisado por mensaje directo.
unlink-user-not-told = No se le ha podido avisar por mensaje directo (tiene los MD cerrados).
dm-unlinked-by-admin = Un admin de **{ $server }** ha quitado el vínculo entre tu cuenta de Discord y la cuenta de Resonite **{ $username }**; se te quitan los roles que te daba. Usa `/link` en el servidor para volver a vincularla.
