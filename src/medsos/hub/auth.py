"""The hub's authenticator: NativeAuthenticator, with the first password changed at login.

Why NativeAuthenticator (maintained by the JupyterHub team) and not PAM: a trainee never
needs a shell password on the server, only a web login; NativeAuthenticator stores bcrypt
hashes in the hub database, has a change-password page, an admin page to set a user's
password, and locks an account for a while after repeated failed logins. The kit adds
one thing: a password set by an instructor (the hand-out card, ``medsos hub sandi``, or the
admin page) is one-time. Until the trainee has chosen their own, every login lands on the
change-password page and their JupyterLab does not start. Sign-up is switched off:
accounts come only from the roster.
"""

from __future__ import annotations

from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import (
    AuthorizationAreaHandler,
    ChangePasswordAdminHandler,
    ChangePasswordHandler,
    DiscardHandler,
    LoginHandler,
    ToggleAuthorizationHandler,
    admin_users_scope,
)
from tornado import web
from tornado.escape import url_escape

from medsos.hub import accounts

MIN_PASSWORD_LENGTH = 8


class KelasLoginHandler(LoginHandler):
    """Login page in Bahasa Indonesia; a one-time password leads to the change-password page."""

    async def post(self):
        data = {arg: self.get_argument(arg, strip=False) for arg in self.request.arguments}
        user = await self.login_user(data)
        if user:
            self._jupyterhub_user = user
            if accounts.must_change_password(self.db, user.name):
                asked = self.get_argument("next", "")
                target = f"{self.hub.base_url}change-password"
                self.redirect(f"{target}?next={url_escape(asked)}" if asked else target)
            else:
                self.redirect(self.get_next_url(user))
            return
        error = "Nama pengguna atau kata sandi salah."
        name = self.authenticator.normalize_username(data.get("username", ""))
        if self.authenticator.allowed_failed_logins and self.authenticator.is_blocked(name):
            minutes = max(1, self.authenticator.seconds_before_next_try // 60)
            error = (
                f"Terlalu banyak percobaan yang salah. Coba lagi setelah {minutes} menit, "
                "atau minta instruktur mengatur ulang kata sandi Anda."
            )
        html = await self._render(login_error=error, username=data.get("username", ""))
        self.finish(html)


class KelasChangePasswordHandler(ChangePasswordHandler):
    """A user chooses their own password (messages in Bahasa Indonesia)."""

    def _continue_url(self) -> str:
        """Where "Lanjut ke JupyterLab" goes: the hub's spawn page, which starts the
        trainee's JupyterLab (or finds it running) and opens it, or the page asked for in
        ``next`` once it is running. JupyterHub's own spawn handler checks ``next``, so a
        link to another site is never followed."""
        spawn = f"{self.hub.base_url}spawn"
        asked = self.get_argument("next", "")
        if not asked or asked.rstrip("/") in (f"{self.hub.base_url}home", self.hub.base_url[:-1]):
            return spawn
        return f"{spawn}?next={url_escape(asked)}"

    async def _page(self, user, message=None, alert=None):
        return await self.render_template(
            "change-password.html",
            user_name=user.name,
            result_message=message,
            alert=alert,
            must_change=accounts.must_change_password(self.db, user.name),
            next=self.get_argument("next", ""),
            continue_url=self._continue_url(),
        )

    @web.authenticated
    async def get(self):
        user = await self.get_current_user()
        self.finish(await self._page(user))

    @web.authenticated
    async def post(self):
        user = await self.get_current_user()
        old = self.get_body_argument("old_password", strip=False)
        new = self.get_body_argument("new_password", strip=False)
        confirmation = self.get_body_argument("new_password_confirmation", strip=False)
        info = self.authenticator.get_user(user.name)
        if info is None or not info.is_valid_password(old):
            message = "Kata sandi lama salah. Coba lagi."
        elif new != confirmation:
            message = "Kata sandi baru dan ulangannya tidak sama. Coba lagi."
        elif new == old:
            message = "Kata sandi baru harus berbeda dari kata sandi awal."
        elif not self.authenticator.change_own_password(user.name, new):
            message = (
                f"Kata sandi baru belum memenuhi syarat: minimal {MIN_PASSWORD_LENGTH} karakter "
                "dan bukan kata sandi yang umum (mis. 12345678, password)."
            )
        else:
            html = await self._page(user, "Kata sandi berhasil diganti.", "alert-success")
            self.finish(html)
            return
        self.finish(await self._page(user, message, "alert-danger"))


class KelasChangePasswordAdminHandler(ChangePasswordAdminHandler):
    """An instructor sets a trainee's password (one-time, like a card's), in Indonesian;
    ``medsos hub sandi`` does the same and prints a card."""

    @admin_users_scope
    async def post(self, user_name):
        new = self.get_body_argument("new_password", strip=False)
        confirmation = self.get_body_argument("new_password_confirmation", strip=False)
        alert = "alert-danger"
        if new != confirmation:
            message = "Kata sandi baru dan ulangannya tidak sama. Coba lagi."
        elif self.authenticator.change_password(user_name, new):
            alert = "alert-success"
            message = (
                f"Kata sandi {user_name} sudah diganti. Kata sandi ini sekali pakai: "
                "peserta harus menggantinya saat masuk."
            )
        else:
            message = (
                f"Kata sandi belum memenuhi syarat: minimal {MIN_PASSWORD_LENGTH} karakter "
                "dan bukan kata sandi yang umum."
            )
        html = await self.render_template(
            "change-password-admin.html", user_name=user_name, result_message=message, alert=alert
        )
        self.finish(html)


# After five wrong passwords an account waits this long (the README says 5 minutes).
LOCKOUT_SECONDS = 300


class KelasAuthenticator(NativeAuthenticator):
    """NativeAuthenticator for a class: no sign-up, strong passwords, one-time first password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accounts.InitialPassword.__table__.create(self.db.bind, checkfirst=True)
        # Course defaults (a config file may still set others).
        self.enable_signup = False
        self.minimum_password_length = max(self.minimum_password_length, MIN_PASSWORD_LENGTH)
        self.check_common_password = True
        if not self.allowed_failed_logins:
            self.allowed_failed_logins = 5
        # NativeAuthenticator documents 600 s, but only as a tag: the trait's value is 0, and 0
        # blocks no one (five wrong passwords, and the sixth try went through at once).
        if self.seconds_before_next_try <= 0:
            self.seconds_before_next_try = LOCKOUT_SECONDS
        self.seconds_before_next_try = min(self.seconds_before_next_try, LOCKOUT_SECONDS)

    def change_password(self, username, new_password):
        """An admin set this password (admin page): it is one-time, like a card's."""
        if not super().change_password(username, new_password):
            return None
        if accounts.session_get_initial(self.db, username) is None:
            self.db.add(accounts.InitialPassword(username=username))
            self.db.commit()
        return True

    def change_own_password(self, username, new_password) -> bool:
        """The user chose this password: it stays until they change it again."""
        if not NativeAuthenticator.change_password(self, username, new_password):
            return False
        accounts.password_changed(self.db, username)
        return True

    async def pre_spawn_start(self, user, spawner):
        if accounts.must_change_password(self.db, user.name):
            text = (
                "Ganti dulu kata sandi awal Anda (menu 'Ganti kata sandi' di atas), "
                "lalu mulai lagi."
            )
            error = web.HTTPError(403, text)
            error.jupyterhub_message = text
            error.jupyterhub_html_message = (
                "Ganti dulu kata sandi awal Anda di halaman "
                '<a href="/hub/change-password">Ganti kata sandi</a>, lalu mulai lagi.'
            )
            raise error

    def get_handlers(self, app):
        return [
            (r"/login", KelasLoginHandler),
            (r"/discard/([^/]*)", DiscardHandler),
            (r"/authorize", AuthorizationAreaHandler),
            (r"/authorize/([^/]*)", ToggleAuthorizationHandler),
            (r"/change-password", KelasChangePasswordHandler),
            (r"/change-password/([^/]+)", KelasChangePasswordAdminHandler),
        ]
