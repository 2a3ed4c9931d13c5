"""Case list, intake, look-up, my work, the case page and the case writes."""

from django.urls import path

from himoya.cases import views_case, views_intake, views_list, views_search, views_work, views_write

urlpatterns = [
    path("", views_list.case_list, name="list"),
    path("new/", views_intake.intake, name="intake"),
    path("lookup/", views_list.lookup, name="lookup"),
    path("search/", views_search.case_search, name="search"),
    path("my-work/", views_work.my_work, name="my_work"),
    path("<int:case_id>/", views_case.case_detail, name="detail"),
    path("<int:case_id>/assign/", views_write.case_assign, name="case_assign"),
    path("<int:case_id>/change/", views_write.case_change, name="case_change"),
    path("<int:case_id>/closure/", views_write.closure_request, name="closure_request"),
    path("<int:case_id>/closure/decide/", views_write.closure_decide, name="closure_decide"),
    path("<int:case_id>/reopen/", views_write.case_reopen, name="case_reopen"),
]
