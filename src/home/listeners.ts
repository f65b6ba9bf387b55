import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { glance, type GlanceSource } from '../platform/i18n/glance.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Logger } from '../platform/logger.js';
import type { SlackRoutes } from '../platform/routes.js';
import type { TeamMembers } from '../platform/slack.js';
import { dashboardView, type DashboardReader } from './dashboard.js';

/** The Home tab, published fresh each time a member opens it. */
export function register(
  routes: SlackRoutes,
  ctx: { config: Config; clock: Clock; log: Logger; texts: Texts; look: GlanceSource; members: TeamMembers; dashboard: DashboardReader },
): void {
  routes.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    if (!(await ctx.members.isMember(event.user))) {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ctx.texts.t.notMember() } }] } });
      return;
    }
    const now = ctx.clock.now();
    const view = dashboardView(ctx.dashboard.read(now, ctx.config.timeZone), glance(ctx.look, now));
    await client.views.publish({ user_id: event.user, view });
    ctx.log.debug({ user: event.user }, 'home tab published');
  });
}
