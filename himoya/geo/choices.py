"""Choices of regions, districts and jamoats for forms, in alphabetical order.

Every district choice is grouped by region (an <optgroup> in a select, a fieldset of
checkboxes in a multiple choice); regions and the districts inside each are sorted by
their names in the active language with himoya.core.collation. The choices are built when
a form is rendered or cleaned, so they follow the language of the request.
"""

from django import forms
from django.forms.models import ModelChoiceIterator

from himoya.core.collation import sorted_by_name
from himoya.geo.models import District, Jamoat, Region


def regions():
    """Every region, alphabetically."""
    return sorted_by_name(Region.objects.all())


def districts_by_region(queryset=None) -> list[tuple[Region, list[District]]]:
    """(region, its districts) pairs, both alphabetically; one query."""
    queryset = District.objects.all() if queryset is None else queryset
    groups: dict[int, tuple[Region, list[District]]] = {}
    for district in queryset.select_related("region"):
        groups.setdefault(district.region_id, (district.region, []))[1].append(district)
    return [
        (region, sorted_by_name(districts))
        for region, districts in sorted_by_name(groups.values(), key=lambda pair: pair[0].name)
    ]


def district_choices(empty_label=None, value=lambda district: district.slug) -> list:
    """District choices grouped by region (renders <optgroup>); `value` of each district."""
    choices = [("", empty_label)] if empty_label is not None else []
    for region, districts in districts_by_region():
        choices.append((region.name, [(value(district), district.name) for district in districts]))
    return choices


def region_choices(empty_label=None, value=lambda region: region.code) -> list:
    choices = [("", empty_label)] if empty_label is not None else []
    return choices + [(value(region), region.name) for region in regions()]


def jamoat_choices(empty_label=None, value=lambda jamoat: jamoat.slug) -> list:
    """Jamoats grouped by their district, both alphabetically."""
    choices = [("", empty_label)] if empty_label is not None else []
    groups: dict[int, tuple[District, list[Jamoat]]] = {}
    for jamoat in Jamoat.objects.select_related("district"):
        groups.setdefault(jamoat.district_id, (jamoat.district, []))[1].append(jamoat)
    for district, jamoats in sorted_by_name(groups.values(), key=lambda pair: pair[0].name):
        choices.append(
            (district.name, [(value(jamoat), jamoat.name) for jamoat in sorted_by_name(jamoats)])
        )
    return choices


class GroupedModelChoiceIterator(ModelChoiceIterator):
    """The queryset's districts as (region name, [(value, label), ...]) groups."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for region, districts in districts_by_region(self.queryset):
            yield (region.name, [self.choice(district) for district in districts])


class DistrictChoiceField(forms.ModelChoiceField):
    """A select of districts grouped by region, alphabetically; cleans to a District."""

    iterator = GroupedModelChoiceIterator

    def __init__(self, queryset=None, **kwargs):
        super().__init__(
            queryset=District.objects.all() if queryset is None else queryset, **kwargs
        )

    def label_from_instance(self, obj):
        return obj.name


class RegionCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes of districts, one folding fieldset per region, with a filter box that a
    script (geo/district-filter.js) adds; without the script every box still works."""

    template_name = "geo/widgets/region_checkboxes.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        groups = []
        for group_name, options, _index in context["widget"]["optgroups"]:
            checked = sum(1 for option in options if str(option["value"]) in chosen)
            groups.append({"name": group_name, "options": options, "checked": checked})
        context["widget"]["regions"] = groups
        return context
