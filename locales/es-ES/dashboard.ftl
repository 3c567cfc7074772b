# El panel de administración (/admin): inicio de sesión, servidores, resumen, miembros, reglas, ajustes, registro.

admin-title = Panel
admin-skip = Saltar al contenido
admin-signed-in-as = Sesión iniciada como { $name }
admin-sign-out = Cerrar sesión
admin-tabs-label = Páginas del servidor
admin-tab-overview = Resumen
admin-servers-title = Tus servidores
admin-servers-intro = Servidores donde está el bot y tienes «Gestionar servidor»:
admin-servers-none = El bot no está en ningún servidor donde tengas «Gestionar servidor».
admin-overview-title = { $server }: resumen
admin-signed-out-title = Sesión cerrada
admin-signed-out-explanation = Has cerrado la sesión del panel.
admin-sign-in-again = Iniciar sesión de nuevo
admin-sign-in-next = Abre /admin de nuevo para iniciar sesión.
admin-try-later = No se ha cambiado nada. Inténtalo de nuevo en un minuto.
admin-csrf-title = Este formulario ha caducado
admin-csrf-explanation = No se envió desde la página de esta sesión, así que no se ha cambiado nada.
admin-csrf-next = Recarga la página e inténtalo de nuevo.
admin-denied-title = Inicio de sesión cancelado
admin-denied-explanation = Discord no permitió al bot ver quién eres, así que no has iniciado sesión.
admin-incomplete-title = Inicio de sesión incompleto
admin-incomplete-explanation = A la respuesta de Discord le faltaba algo, así que no has iniciado sesión.
admin-expired-title = Este inicio de sesión ha caducado
admin-expired-explanation = Ya se usó o tardó demasiado.
admin-browser-title = Termina en el mismo navegador
admin-browser-explanation = Este inicio de sesión se empezó en otro navegador.
admin-discord-title = Discord no ha respondido
admin-discord-explanation = El bot no pudo comprobar con Discord qué servidores gestionas.
admin-database-title = La base de datos no responde
admin-database-explanation = El bot no puede leer ni escribir sus datos ahora mismo.
admin-ours-title = Algo ha fallado por nuestra parte
admin-ours-explanation = El bot no pudo terminar esta solicitud.
admin-fig-linked = miembros vinculados
admin-fig-stale = vínculos desactualizados
admin-fig-pending = cambios de rol pendientes
admin-fig-failed = cambios de rol fallidos
admin-fig-rules = reglas
admin-chart-activity = Vínculos y desvinculaciones por día (últimos { $days } días)
admin-chart-activity-summary = { $links } vínculos y { $unlinks } desvinculaciones
admin-chart-links = Vínculos
admin-chart-unlinks = Desvinculaciones
admin-chart-none = Nada en este periodo.
admin-col-day = Día
admin-tab-members = Miembros
admin-members-title = { $server }: miembros
admin-members-search = Buscar por nombre de Resonite, id U- o id de Discord
admin-search = Buscar
admin-members-export = Descargar members.csv
admin-members-caption = Miembros vinculados, página { $page }
admin-members-none = Ningún miembro vinculado coincide.
admin-col-discord = Discord
admin-col-resonite = Cuenta de Resonite
admin-col-verified = Última verificación
admin-col-roles = Roles dados
admin-col-changes = Cambios de rol
admin-queue-done = aplicados
admin-queue-pending = pendientes
admin-queue-failed = fallidos
admin-retry = Reintentar
admin-stale = (desactualizado)
admin-pages-label = Páginas
admin-prev = Página anterior
admin-next = Página siguiente
admin-sync-now = Sincronizar ahora
admin-sync-explanation = Vuelve a aplicar las reglas a todos los miembros vinculados.
admin-tab-rules = Reglas
admin-rules-title = { $server }: reglas
admin-rules-caption = Reglas de roles ({ $count })
admin-rules-none = Aún no hay reglas de roles. Añade una abajo.
admin-col-role = Rol
admin-col-condition = Condición
admin-col-group = Grupo
admin-col-holders = Miembros con el rol
admin-col-state = Estado
admin-col-actions = Acciones
admin-rules-applies = se aplica
admin-rules-disabled = desactivada: { $reason }
admin-rules-withheld = no se otorga: el rol tiene un permiso peligroso y la regla no la añadió el propietario ni un Administrador
admin-rules-remove = Quitar
admin-rules-remove-label = Quitar las reglas de { $role }
admin-rules-swept = Los miembros se volvieron a verificar por última vez el { $date }.
admin-rules-not-swept = Los miembros aún no se han vuelto a verificar.
admin-rules-needs-manage-roles = Cambiar las reglas de roles requiere el permiso Gestionar roles de tus roles en este servidor.
admin-rules-add-title = Añadir una regla
admin-rules-field-role = Rol que se otorga
admin-rules-pick = Elige un rol
admin-rules-field-rule = Condición sobre el perfil de Resonite
admin-rules-field-value = Valor
admin-rules-field-group = Grupo exclusivo
admin-rules-preview = Vista previa
admin-rules-add = Añadir regla
admin-rules-pick-role = Elige el rol que otorga la regla.
admin-rules-added =
    { $count ->
        [one] Añadida: { $role } para miembros con { $condition }. Se vuelve a comprobar { $count } miembro vinculado.
       *[other] Añadida: { $role } para miembros con { $condition }. Se vuelven a comprobar { $count } miembros vinculados.
    }
admin-rules-added-unlinked =
    { $count ->
        [one] Añadida: { $role } para miembros con { $condition }. Se vuelve a comprobar { $count } miembro.
       *[other] Añadida: { $role } para miembros con { $condition }. Se vuelven a comprobar { $count } miembros.
    }
admin-rules-vouched = { $role } ya tenía esta regla, añadida por alguien que no es el propietario ni un Administrador; ahora es tuya y el bot vuelve a otorgar el rol.
admin-rules-exists = { $role } ya tiene esta regla; está activa.
admin-rules-in-group = Está en el grupo `{ $group }`: de sus roles, un miembro solo tiene el más alto que obtiene.
admin-rules-removed =
    { $count ->
        [one] Se quitó { $count } regla de { $role }.
       *[other] Se quitaron { $count } reglas de { $role }.
    }
admin-rules-remove-none = { $role } no tiene reglas.
admin-rules-value-invalid = Valor: { $error }.
admin-rules-group-taken = { $role } ya está en el grupo `{ $group }`, y un rol está como mucho en un grupo. Usa el grupo `{ $group }` o quita primero las reglas del rol.
admin-rules-bypass = { $role } es el rol de exención: el bot nunca cambia a quienes lo tienen, así que quien lo obtuviera quedaría congelado para siempre. Elige otro rol o cambia antes el rol de exención en los ajustes.
admin-rules-role-refused = El bot no puede usar ese rol: { $reason }.
admin-preview-title = Vista previa
admin-preview-can-apply = El bot puede aplicar esta regla.
admin-preview-cannot-apply = El bot no puede aplicar esta regla: { $reason }.
admin-preview-nothing =
    { $count ->
        [one] No cambiaría nada para el { $count } miembro revisado.
       *[other] No cambiaría nada para los { $count } miembros revisados.
    }
admin-preview-gains =
    { $count ->
        [one] { $role } se daría a { $count } miembro
       *[other] { $role } se daría a { $count } miembros
    }
admin-preview-losses =
    { $count ->
        [one] { $role } se quitaría a { $count } miembro
       *[other] { $role } se quitaría a { $count } miembros
    }
admin-preview-refused = (el bot no puede: { $reason })
admin-preview-more = y { $count } más
admin-preview-bypassed = { $count } miembros tienen el rol de exención { $role } y no se tocan.
admin-preview-incomplete = Solo se revisaron los miembros vinculados encontrados en el servidor: el bot no ha recibido la lista completa de miembros.
admin-preview-note = Una vista previa no cambia nada.
admin-tab-settings = Ajustes
admin-settings-title = { $server }: ajustes
admin-settings-save = Guardar
admin-settings-log-channel = Canal de registro
admin-settings-log-channel-hint = El id del canal de texto donde se publican vínculos, desvinculaciones y cambios de roles (en Discord: clic derecho en el canal → Copiar ID del canal). Vacío: en ninguno.
admin-settings-bypass = Rol de exención
admin-settings-bypass-hint = El bot nunca cambia a los miembros con este rol: sus roles y su apodo se quedan como están.
admin-settings-bypass-none = Sin rol de exención
admin-settings-nickname = Plantilla de apodo
admin-settings-nickname-hint = Por ejemplo `{ "{display} ({resonite})" }`; también `{ "{discord}" }`. Vacío: el bot deja de hacerlo y devuelve los apodos.
admin-settings-needs-manage-guild = Cambiar los ajustes requiere el permiso Gestionar servidor de tus roles en este servidor.
admin-settings-not-an-id = Eso no es un id: escribe los dígitos del id o deja el campo vacío.
admin-settings-log-set = Los vínculos, desvinculaciones y cambios de roles se publicarán en el canal { $channel }. Asegúrate de que el bot pueda escribir allí.
admin-settings-bypass-set = El bot nunca cambia a los miembros con el rol de exención: sus roles y su apodo se quedan como están.
admin-settings-bypass-everyone = @everyone eximiría a todos los miembros. Elige un rol que solo tengan algunos miembros.
admin-settings-bypass-granted = Una regla otorga ese rol, así que quien lo obtenga dejaría de actualizarse. Elige un rol que los administradores den a mano.
admin-settings-nickname-set =
    { $count ->
        [one] Los apodos siguen ahora `{ $template }`; el tuyo sería `{ $nick }`. Se vuelve a comprobar { $count } miembro vinculado.
       *[other] Los apodos siguen ahora `{ $template }`; el tuyo sería `{ $nick }`. Se vuelven a comprobar { $count } miembros vinculados.
    }
admin-settings-nickname-invalid = Plantilla: { $error }.
admin-settings-nickname-no-permission = Al bot le falta el permiso Gestionar apodos: Ajustes del servidor → Roles → el rol del bot → activa Gestionar apodos y vuelve a guardar. No se cambió nada.
admin-tab-audit = Registro
admin-audit-title = { $server }: registro
admin-audit-filter = Solo este miembro (id de Discord)
admin-audit-caption = Lo que hizo el bot aquí, lo más reciente primero, página { $page }
admin-audit-none = No hay nada registrado.
admin-col-time = Hora
admin-col-action = Acción
admin-col-actor = Por
admin-col-detail = Detalle
