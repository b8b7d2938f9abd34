import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from people.models import AwardConferral, Officer, Participation, ReachFigure
from tests.factories import (
    AwardConferralFactory,
    OfficerFactory,
    ParticipationFactory,
    ReachFigureFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_officer_with_consent_is_public():
    officer = OfficerFactory()
    assert list(Officer.objects.public()) == [officer]


def test_officer_without_consent_is_not_public():
    OfficerFactory(without_consent=True)
    assert not Officer.objects.public().exists()


@pytest.mark.parametrize("consent", [True, False])
def test_is_public_agrees_with_the_queryset(consent):
    officer = OfficerFactory(public_profile_consent=consent)
    assert officer.is_public() == Officer.objects.public().filter(pk=officer.pk).exists()


def test_consent_is_dated_when_given():
    officer = OfficerFactory(public_profile_consent=True, consent_recorded_at=None)
    assert officer.consent_recorded_at is not None


def test_database_refuses_consent_without_a_date():
    officer = OfficerFactory(without_consent=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Officer.objects.filter(pk=officer.pk).update(public_profile_consent=True)


def test_family_name_defaults_to_everything_after_the_first_name():
    officer = OfficerFactory(full_name="Alejandra Ruíz Ortiz", family_name="")
    assert officer.family_name == "Ruíz Ortiz"


def test_one_conferral_per_officer_award_and_date():
    conferral = AwardConferralFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardConferral.objects.create(
            officer=conferral.officer, award=conferral.award, date=conferral.date
        )


def test_same_award_may_be_conferred_again_on_another_date():
    conferral = AwardConferralFactory()
    AwardConferral.objects.create(
        officer=conferral.officer, award=conferral.award, date=datetime.date(2022, 1, 12)
    )
    assert conferral.officer.conferrals.count() == 2


def test_duplicate_conferral_is_a_validation_error_for_forms():
    conferral = AwardConferralFactory()
    duplicate = AwardConferral(
        officer=conferral.officer, award=conferral.award, date=conferral.date
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_database_refuses_unknown_participation_role():
    participation = ParticipationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.filter(pk=participation.pk).update(role="spectator")


def test_database_refuses_unknown_reach_metric():
    figure = ReachFigureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReachFigure.objects.filter(pk=figure.pk).update(metric="volunteers")


def test_one_reach_figure_per_metric_and_date():
    figure = ReachFigureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReachFigure.objects.create(
            programme=figure.programme, metric=figure.metric, value=26, as_of=figure.as_of
        )


def test_database_refuses_implausible_start_year():
    programme = TrainingProgrammeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(programme).objects.filter(pk=programme.pk).update(start_year=17)


def test_latest_reach_gives_the_newest_figure_of_each_metric():
    programme = TrainingProgrammeFactory()
    ReachFigureFactory(
        programme=programme, metric="states", value=20, as_of=datetime.date(2019, 1, 1)
    )
    newest_states = ReachFigureFactory(
        programme=programme, metric="states", value=25, as_of=datetime.date(2021, 1, 12)
    )
    responders = ReachFigureFactory(
        programme=programme,
        metric="first_responders",
        value=12000,
        as_of=datetime.date(2021, 1, 12),
    )
    assert programme.latest_reach() == [newest_states, responders]


def test_participation_year_cannot_be_far_in_the_future():
    participation = ParticipationFactory.build(year=timezone.now().year + 5)
    with pytest.raises(ValidationError) as error:
        participation.clean()
    assert "year" in error.value.message_dict
