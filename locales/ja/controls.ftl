# 管理者向けコマンド /roles、/config、/whois、/doctor（日本語）。変数は en-US/controls.ftl を参照。
# オプション名（`ロール:`、`値:` …）、ルールの種類（`linked`、`tier-at-least` …）、
# プレースホルダー（{ "{resonite}" } …）、コマンド名は管理者が入力するものなので英語のまま。

## /roles add、remove、list

roles-action = ロールルールの管理
roles-value-invalid = `値:` { $error }。
roles-group-taken = <@&{ $role }> はすでにグループ `{ $group }` に属しています。1つのロールが属せるグループは1つだけです。`グループ:{ $group }` を指定するか、先に `/roles remove` でこのロールのルールを削除してください。
roles-role-refused = `ロール:` ボットはそのロールを扱えません：{ $reason }。
roles-in-group = このロールはグループ `{ $group }` に属しています：メンバーはこのグループのロールのうち、条件を満たす最上位のものだけを持ちます。
roles-added-unlinked = 追加しました：条件「{ $condition }」のメンバーに <@&{ $role }> を付与します（ボットには付与されません）。いまこのサーバーのメンバー{ $count }人を確認しています。リンクすると外れ、リンクを解除すると再び付与されます。リンクせずに参加したメンバーにも付与されます。
roles-added = 追加しました：条件「{ $condition }」を満たすリンク済みメンバーに <@&{ $role }> を付与します。いまこのサーバーのリンク済みメンバー{ $count }人に適用しています。新しいメンバーにはリンクした時点で付与されます。
roles-exists = <@&{ $role }> にはすでにルール「{ $condition }」があり、有効になっています。
roles-remove-none = <@&{ $role }> にはルールがありません。
roles-remove-none-kind = <@&{ $role }> には `{ $kind }` のルールがありません。
roles-removed = <@&{ $role }> のルールを{ $count }件削除しました。このロールを持っているメンバーはそのまま持ち続けます。ほかのルールで指定されていない限り、ボットがこのロールを付与したり外したりすることはなくなります。
roles-list-empty = ロールルールはまだありません。`/roles add ロール: 条件: [値:]` で追加してください（例：現在のPatreon支援者にはルール `patreon`）。
roles-list-head = **ロールルール**（{ $count }件）
roles-list-disabled = 無効：{ $reason }
roles-list-withheld = 付与されません：ロールに危険な権限が含まれ、ルールは所有者でも管理者でもない人が追加したものです（`/doctor` を参照）
roles-list-group = [グループ `{ $group }`]
roles-list-rule = • <@&{ $role }> ← { $condition }{ $group }
roles-list-rule-problem = • ⚠️ <@&{ $role }> ← { $condition }{ $group } — 適用できません：{ $problem }
roles-list-swept = 最終再確認：<t:{ $at }:R>。
roles-list-not-swept = まだ再確認していません。
roles-list-pending = { $count }人のメンバーがロールの適用を待っています。
roles-list-failed-head = ⚠️ 1日以上適用できていないロール（{ $count }件）。メンバーに `/update` を実行すると再試行します：
roles-list-failed = • <@{ $user }>：{ $error }（<t:{ $at }:R>から）

## ルールがプロフィールに求める条件

condition-linked = Resoniteアカウントがリンク済み
condition-supporter = 現在のResoniteサポーター
condition-patreon = 現在のPatreon支援者
condition-tier-at-least = 現在のティア ≥ { $amount }
condition-lifetime-at-least = 累計支援額 ≥ { $amount }
condition-months-at-least = 支援期間が{ $count }か月以上
condition-tag = タグ `{ $tag }`
condition-neos-supporter = Neos時代のPatreon支援者
condition-account-age-at-least = アカウント作成から{ $count }日以上
condition-unlinked = Resoniteアカウントが未リンク

## value: を受け付けなかった理由

rule-error-unknown-kind = `{ $kind }` というルールの種類はありません。次のいずれかを使ってください：{ $kinds }
rule-error-missing = `{ $kind }` ルールには値が必要です：{ $hint }
rule-error-unexpected = `{ $kind }` ルールは値を取りませんが、`{ $value }` が指定されました。値は空欄にしてください
rule-error-not-a-number = `{ $value }` は `{ $kind }` ルールの値として使えません。{ $hint }で指定してください
rule-error-negative = `{ $value }` は負の値です。`{ $kind }` ルールには0以上が必要です
rule-error-too-large = `{ $value }` は `{ $kind }` ルールには大きすぎます。最大値は { $max } です
rule-error-empty-tag = タグが空です。`mentor` のようなResoniteプロフィールのタグを指定してください
rule-error-tag-too-long = タグが{ $count }文字あります。最大{ $max }文字までです
rule-hint-cents = セント単位の数（例：$6なら600）、または$記号付きのドル（例：$6、$6.50）
rule-hint-months = 月数を表す整数（例：12）
rule-hint-tag = Resoniteプロフィールのタグ（例：mentor、team member）
rule-hint-days = 日数を表す整数（例：30）
rule-hint-number = 数値

## group: を受け付けなかった理由

group-error-empty = `グループ:` が空です。`tiers` のような名前を指定するか、このオプションを省略してください
group-error-too-long = `グループ:` が{ $count }文字あります。最大{ $max }文字までです（例：`tiers`）
group-error-bad-character = `グループ:` に使えるのは文字、数字、スペース、`-`、`_` だけですが、`{ $name }` にはそれ以外の文字が含まれています（例：`tiers`）

## ボットがロールを扱えない理由（$role：ロール名。例：@Patron）

refusal-everyone = @everyone は全メンバーが持つロールです。メンバーに付与できるロールを選んでください
refusal-managed = { $role } は連携サービス（ボットやサブスクリプション）が管理しているため、Discordでは誰も付与できません
refusal-above-bot = { $role } はボットの最上位ロールと同じか、それより上にあります。サーバー設定 → ロールで、ボットのロールを { $role } より上に移動してください
refusal-no-manage-roles = ボットに「ロールの管理」権限がありません。ボットのロールにこの権限を付与してください
refusal-deleted = そのロールはもう存在しません

## /config

config-action = ボットの設定の変更
config-log-channel-set = リンク、リンク解除、ロール変更は <#{ $channel }> に投稿されます。ボットがそこにメッセージを送信できることを確認してください（`/doctor` で確認できます）。
config-log-channel-off = ボットはログチャンネルへの投稿を停止しました。
config-bypass-everyone = `ロール:` @everyone にすると全メンバーが対象外になります。一部のメンバーだけが持つロールを選んでください（例：`ロール:@Staff`）。
config-bypass-granted = `ロール:` <@&{ $role }> はルールで付与されるロールなので、これを得たメンバーは更新されなくなってしまいます。管理者が手動で付与するロールを選んでください（例：`ロール:@Staff`）。
config-bypass-set = <@&{ $role }> を持つメンバーはボットが一切変更しません：ロールもニックネームもそのままです。`/whois` と `/roles preview` にもその旨が表示されます。
config-bypass-cleared = 対象外ロールを解除しました：すべてのメンバーが再び条件に応じたロールを受け取ります。
config-bypass-none = 対象外ロールは設定されていません。
config-nickname-not-managed = このサーバーではボットはニックネームを管理していません。
config-nickname-off = ボットはニックネームの管理を停止しました。
config-nickname-off-given-back = ボットはニックネームの管理を停止しました。ボットが変更した{ $count }人のメンバーのニックネームを、いま元に戻しています（その後本人が変更した場合を除く）。
config-nickname-invalid = `テンプレート:` { $error }。
config-nickname-no-permission = ボットに「ニックネームの管理」権限がありません：サーバー設定 → ロール → ボットのロール で「ニックネームの管理」をオンにしてから、もう一度実行してください。何も変更されていません。
config-nickname-example-linked = あなたの場合は **{ $nick }** になります
config-nickname-example = あなたが ResoniteName というResoniteアカウントとリンクしている場合、**{ $nick }** になります
config-nickname-set = リンク済みメンバーのニックネームが `{ $template }` に従うようになりました。{ $example }。いまこのサーバーのリンク済みメンバー{ $count }人に適用しています。サーバーオーナーと、最上位のロールがボットのロールより上にあるメンバーはそのままです（`/doctor` に一覧が出ます）。リンクを解除したとき、またはテンプレートを消去したときは、全員のニックネームが元に戻ります。
template-error-unknown = `{ $name }` は使えるプレースホルダーではありません。{ "{resonite}" }（Resoniteのユーザー名）、{ "{discord}" }（Discordのユーザー名）、{ "{display}" }（Discordの表示名）のいずれかを使ってください（例：`{ "{display} ({resonite})" }`）
template-error-unclosed = `{ "{" }` が閉じられていません。プレースホルダーは { "{resonite}" } のように書きます（例：`{ "{display} ({resonite})" }`）
template-error-empty = このテンプレートではニックネームが空になります。プレースホルダーを入れてください（例：`{ "{resonite}" }`）
template-error-too-long = テンプレートが{ $count }文字あります。最大{ $max }文字までです（ニックネームはいずれにしても32文字で切られます）。例：`{ "{display} ({resonite})" }`
cause-settings = サーバーの設定が変更

## /whois

whois-both = `メンバー:` と `resonite:` はどちらか一方だけを指定してください（例：`/whois メンバー:@Member` または `/whois resonite:PatronUser`）。
whois-needs-manage-roles = 他のメンバーを調べるには「ロールの管理」権限が必要です。自分自身はいつでも /whois で調べられます。
whois-linked-self = Resoniteアカウント **{ $username }**（`{ $resonite_id }`）とリンクしています。リンク：<t:{ $linked }:R>、最終確認：<t:{ $verified }:R>。
whois-linked-other = { $name } さんはResoniteアカウント **{ $username }**（`{ $resonite_id }`）とリンクしています。リンク：<t:{ $linked }:R>、最終確認：<t:{ $verified }:R>。
whois-not-linked-self = Resoniteアカウントとリンクしていません。リンクするには `/link` を実行してください。
whois-not-linked-other = { $name } さんはResoniteアカウントとリンクしていません。`/link` でリンクできます。
whois-stale = ⚠️ <t:{ $since }:R>からResoniteがこのリンクを受け付けなくなっています：`/link` を実行して更新してください。更新しないと、猶予期間の後にサポーターロールが外されます。
whois-linked-roles-active = 連携ロール：有効（DiscordプロフィールにResoniteアカウントが表示され、変更にも追従します）。
whois-linked-roles-pushed-once = 連携ロール：リンク時点の内容がDiscordプロフィールに表示されています（トークンキーが未設定のため更新されません）。
whois-linked-roles-pending = 連携ロール：接続中（Discordがまだ接続を受け付けていません）。
whois-linked-roles-refused = 連携ロール：無効（Discordが接続を受け付けなくなりました。サーバーの連携ロールからもう一度接続してください）。
whois-linked-roles-none = 連携ロール：未接続。
whois-bypass = 🛡️ 対象外ロール <@&{ $role }> を持っています：このサーバーでは、ボットはこのメンバーのロールもニックネームも変更しません。
whois-resonite-blank = `resonite:` にはResoniteのユーザー名またはIDを指定してください（例：`resonite:PatronUser` または `resonite:U-PatronUser`）。
whois-resonite-server = `resonite:` はサーバー内で使ってください。
whois-resonite-needs-manage-roles = Resoniteアカウントと誰がリンクしているかを調べるには「ロールの管理」権限が必要です。
whois-resonite-found = Resoniteアカウント **{ $username }**（`{ $resonite_id }`）は <@{ $user }> さんとリンクしています。リンク：<t:{ $linked }:R>、最終確認：<t:{ $verified }:R>。
whois-resonite-nobody = このサーバーには、Resoniteアカウント **{ $name }** とリンクしている人はいません。

## /roles preview

preview-action = ロールルールのプレビュー
preview-needs-role = `ロール:` ルールで付与するロールを指定してください（例：`/roles preview ロール:@Patron 条件:patreon`）。
preview-needs-rule = `条件:` ロールを付与する条件を指定してください（例：`/roles preview ロール:@Patron 条件:patreon`）。
preview-stray-options = `値:` と `グループ:` は `条件:` と一緒に使います（例：`/roles preview ロール:@Gold 条件:tier-at-least 値:$25 グループ:tiers`）。
preview-head-rule = **プレビュー**：<@&{ $role }> ← 「{ $condition }」。何も変更されていません。
preview-head-rule-group = **プレビュー**：グループ `{ $group }` の <@&{ $role }> ← 「{ $condition }」。何も変更されていません。
preview-head-current = 現在のルールの**プレビュー**：いま適用すると何が変わるかを示します。何も変更されていません。
preview-can-apply = ✅ ボットは適用できます。
preview-cannot-apply = ❌ ボットは適用できません：{ $reason }。
preview-nothing = ロールが増減するメンバーはいません（確認したメンバー：{ $count }人）。
preview-gains = ➕ <@&{ $role }> を{ $count }人に付与：{ $names }
preview-losses = ➖ <@&{ $role }> を{ $count }人から外す：{ $names }
preview-gains-refused = ➕ <@&{ $role }> を{ $count }人に付与（❌ ボットにはできません：{ $reason }）：{ $names }
preview-losses-refused = ➖ <@&{ $role }> を{ $count }人から外す（❌ ボットにはできません：{ $reason }）：{ $names }
preview-more = ほか{ $count }人
preview-bypassed = 🛡️ 対象外ロール <@&{ $role }> を持つ{ $count }人のメンバーは変更されません。
preview-incomplete = ⚠️ リンク済みメンバーだけを数えました：メンバー一覧がまだ届いていません（Server Members Intent をオンにしてください）。
preview-cut = …（ほかの変更は省略）

## /doctor：各項目の行と、問題があるときの直し方

doctor-action = チェックリストの実行
doctor-head = **診断**：このサーバーのロールを正しく保つための項目
doctor-manage-roles-ok = ボットに「ロールの管理」権限があります。
doctor-manage-roles-missing = ボットに「ロールの管理」権限がありません：ロールの付与も削除もできません。
doctor-manage-roles-fix = サーバー設定 → ロール → ボットのロール で「ロールの管理」をオンにしてください。
doctor-no-rules = ロールルールがまだありません：リンクしてもロールは付与されません。
doctor-no-rules-fix = `/roles add ロール:@Linked 条件:linked` で追加してください。
doctor-roles-ok = ルールで付与するロール（{ $count }個）はすべてボットのロールより下にあります。
doctor-roles-problems = ボットが付与できないロール：{ $problems }。
doctor-role-gone = 存在しなくなったロール
doctor-roles-fix = ボットのロールをこれらのロールより上にドラッグする（サーバー設定 → ロール）か、`/roles remove` でそれらのルールを削除してください。
doctor-nicknames-no-permission = ニックネームは `{ $template }` に従う設定ですが、ボットに「ニックネームの管理」権限がありません。
doctor-nicknames-no-permission-fix = サーバー設定 → ロール → ボットのロール で「ニックネームの管理」をオンにしてください。
doctor-nicknames-ok = ニックネームは `{ $template }` に従います。ボットはリンク済みメンバー全員の名前を変更できます。
doctor-nicknames-skipped = ニックネームは `{ $template }` に従いますが、Discordの制限により、ボットは { $names } の名前を変更できません。
doctor-nicknames-skipped-more = ニックネームは `{ $template }` に従いますが、Discordの制限により、ボットは { $names } とほか{ $count }人の名前を変更できません。
doctor-skip-owner = <@{ $user }>（サーバーオーナー）
doctor-skip-above = <@{ $user }>（ロールがボットより上）
doctor-nicknames-skipped-fix = サーバーオーナーの名前は誰も変更できません。ほかのメンバーについては、ボットのロールをそのメンバーのロールより上にドラッグしてください。
doctor-bypass = <@&{ $role }> を持つメンバーはボットが一切変更しません。
doctor-log-none = ログチャンネルがありません：リンク、リンク解除、ロール変更はどこにも投稿されません。
doctor-log-none-fix = `/config log-channel チャンネル:#bot-log` で設定してください。
doctor-log-ok = ボットはログチャンネル <#{ $channel }> に投稿できます。
doctor-log-not-writable = ボットはログチャンネル <#{ $channel }> に投稿できません。
doctor-log-not-writable-fix = そのチャンネルでボットのロールに「チャンネルを見る」と「メッセージを送信」を許可するか、`/config log-channel` で別のチャンネルを選んでください。
doctor-log-unknown = ログチャンネル <#{ $channel }> を確認できませんでした（ボットのキャッシュにまだこのサーバーがありません）。
doctor-log-unknown-fix = 1分ほどしてから、もう一度 `/doctor` を実行してください。
doctor-log-missing = ログチャンネル（{ $channel }）はもう存在しません。
doctor-log-missing-fix = `/config log-channel チャンネル:#bot-log` で別のチャンネルを選んでください。
doctor-members-ok = メンバー一覧を受信しています（Server Members Intent がオン）。
doctor-members-missing = メンバー一覧が届いていません：`unlinked` ルールとプレビューには、リンク済みメンバーしか見えません。
doctor-members-missing-fix = Server Members Intent をオンにして（Developer Portal → Bot → Privileged Gateway Intents）、ボットを再起動してください。
doctor-reverify-on = 再確認はオンです：すべてのリンクを{ $every }ごとにResoniteで確認します。
doctor-every-days = { $count }日
doctor-every-hours = { $count }時間
doctor-every-minutes = { $count }分
doctor-every-seconds = { $count }秒
doctor-reverify-off = 再確認はオフです：ロールは、各メンバーがリンクした時点のプロフィールに基づきます。
doctor-reverify-off-fix = ボットの運営者が TOKEN_ENCRYPTION_KEY を設定し（README を参照）、ボットを再起動する必要があります。
doctor-swept = 最終再確認：<t:{ $at }:R>。
doctor-not-swept = まだ再確認していません。
doctor-not-swept-fix = `/sync` を実行すると、いますぐ全員を再確認します。
doctor-not-swept-nothing = まだ再確認していません（再確認する対象がありません）。
doctor-linked-roles-on = 連携ロールはオンです：メンバーはDiscordプロフィールにResoniteを接続できます。
doctor-linked-roles-off = 連携ロールはオフです（運営者が DISCORD_CLIENT_SECRET で有効にできます。任意）。
doctor-stale-none = 失効したリンクはありません。
doctor-stale = Resoniteがリンクを受け付けなくなったメンバーが{ $count }人います（失効したリンク）。
doctor-stale-fix = これらのメンバーには `/link` をやり直すよう通知済みです。猶予期間が過ぎるとサポーターロールが外されます。
doctor-pending-none = 適用待ちのロール変更はありません。
doctor-pending = { $count }人のメンバーがロールの適用を待っています。
doctor-pending-fix = 減っていくなら対応は不要です。減らない場合は、上の項目（権限、ロールの順序）を確認してください。
doctor-failed-none = 失敗したロール変更はありません。
doctor-failed = { $count }人のメンバーのロールを1日以上適用できていません：
doctor-failed-member = • <@{ $user }>：{ $error }
doctor-failed-fix = 上の原因を解決してから、各メンバーに `/update メンバー:` を実行してください（または `/sync`）。

## 誰がどのロールを付与できるか（issue 23）

permission-administrator = 管理者
permission-manage-guild = サーバー管理
permission-manage-roles = ロールの管理
permission-ban-members = メンバーをBAN
permission-kick-members = メンバーをキック
permission-manage-webhooks = ウェブフックの管理
rank-missing-manage-roles = このサーバーでのあなたのロールによる「ロールの管理」権限が必要です
rank-missing-manage-guild = このサーバーでのあなたのロールによる「サーバー管理」権限が必要です
rank-not-below = { $role } はあなたの最上位ロールより下にないため、ボットに付与させることはできません（手動でロールを付与するときのDiscordと同じルールです）。それより上のロールを持つ人か、サーバーの所有者に頼んでください。
rank-dangerous = { $role } には { $permissions } が含まれています。ルールにすると、条件を満たすすべてのメンバーにそれが与えられます。追加できるのはサーバーの所有者か「管理者」権限を持つメンバーだけです。
roles-bypass-refused = `ロール:` <@&{ $role }> は除外ロールです。ボットはその保持者を一切変更しないため、これを得たメンバーはずっと固定されてしまいます。別のロールを選ぶか、先に `/config bypass-role`（ロールなし）で除外ロールを解除するか別のロールにしてください。
roles-vouched = <@&{ $role }> にはすでにルール「{ $condition }」がありましたが、所有者でも管理者でもない人が追加したものでした。これであなたのルールになり、ボットは再びこのロールを付与します。
whois-not-member = { $name } さんはこのサーバーのメンバーではありません。
doctor-rule-withheld = <@&{ $role }> には { $permissions } が含まれ、そのルールは所有者でも管理者でもない人が追加したものです。ボットはこのロールを付与しません。
doctor-rule-withheld-fix = サーバーの所有者か管理者が `/roles add ロール:<@&{ $role }>` でルールを追加し直すか、`/roles remove` で削除してください。
doctor-bypass-granted = 除外ロール <@&{ $role }> はルールでも付与されます。これを得たメンバーはずっと固定されてしまいます。
doctor-bypass-granted-fix = `/roles remove ロール:<@&{ $role }>` でルールを削除するか、`/config bypass-role` で別の除外ロールを設定してください。
