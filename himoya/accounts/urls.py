from django.urls import path

from himoya.accounts import views, views_members, views_platform, views_signin

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views_signin.login_view, name="login"),
    path("logout/", views_signin.logout_view, name="logout"),
    path("verify/", views_signin.verify_view, name="verify"),
    path("two-factor/", views_signin.enrol_view, name="enrol"),
    path("two-factor/recovery-codes/", views_signin.recovery_codes_view, name="recovery_codes"),
    path("password/", views.password_change, name="password_change"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "platform/organisations/new/",
        views_platform.organisation_add,
        name="organisation_add",
    ),
    path("orgs/<slug:slug>/members/", views_members.members, name="members"),
    path("orgs/<slug:slug>/members/add/", views_members.member_add, name="member_add"),
    path("orgs/<slug:slug>/members/<int:user_id>/", views_members.member_edit, name="member_edit"),
    path(
        "orgs/<slug:slug>/members/<int:user_id>/remove/",
        views_members.member_remove,
        name="member_remove",
    ),
    path(
        "orgs/<slug:slug>/members/<int:user_id>/reset-two-factor/",
        views_members.member_reset_2fa,
        name="member_reset_2fa",
    ),
    path(
        "orgs/<slug:slug>/members/<int:user_id>/reset-password/",
        views_members.member_reset_password,
        name="member_reset_password",
    ),
]
