from django.urls import path

from plainly.accounts import views

urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="account_signup"),
    path("login/", views.LoginView.as_view(), name="account_login"),
    path("2fa/authenticate/", views.TwoFactorView.as_view(), name="mfa_authenticate"),
    path("2fa/recovery-codes/", views.RecoveryCodesView.as_view(), name="mfa_view_recovery_codes"),
    path("", views.account, name="account"),
    path("delete/", views.delete_account, name="account_delete"),
]
