/**
 * Calendars per team (reps in Lisbon and in São Paulo get deadlines in their own hours): each
 * entry names a HubSpot team and the settings that differ from the Business Calendar. The task's
 * owner decides: their primary team first, then their other teams, in the order listed.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BusinessCalendar, CalendarSettings } from '../domain/schedule';
import type { HubSpotTeam } from '../shared/transport';
import { cachedCalendar, calendarSettingsOf } from './itemSettings';

export interface TeamCalendar {
	teamId: string;
	calendar: BusinessCalendar;
}

const FIELD_LABELS: Record<string, string> = {
	timeZone: 'Time Zone',
	weeklyHours: 'Opening Hours',
	holidays: 'Holidays Country',
	closedDates: 'Closed Dates',
	workingDates: 'Extra Working Dates',
};

export function teamCalendarsOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	base: CalendarSettings,
): TeamCalendar[] {
	const entries = ((ctx.getNodeParameter('teamCalendars', itemIndex, {}) as IDataObject).calendar ??
		[]) as IDataObject[];
	return entries.map((entry, position) => {
		const teamId = String(entry.teamId ?? '').trim();
		const name = `Calendars per Team > Team Calendar ${position + 1}`;
		if (!teamId) {
			throw new NodeOperationError(ctx.getNode(), `${name} > Team: choose a team`, { itemIndex });
		}
		const settings = calendarSettingsOf(entry, base, base.timeZone);
		const calendar = cachedCalendar(
			ctx,
			itemIndex,
			settings,
			(field) => `${name} > ${FIELD_LABELS[field] ?? field}`,
		);
		return { teamId, calendar };
	});
}

/** The calendar of the owner's first team that has one, else undefined (the Business Calendar). */
export function calendarForTeams(
	teamCalendars: readonly TeamCalendar[],
	ownerTeams: readonly HubSpotTeam[],
): BusinessCalendar | undefined {
	const ordered = [...ownerTeams].sort((a, b) => Number(b.primary) - Number(a.primary));
	for (const team of ordered) {
		const found = teamCalendars.find((entry) => entry.teamId === String(team.id));
		if (found) return found.calendar;
	}
	return undefined;
}
