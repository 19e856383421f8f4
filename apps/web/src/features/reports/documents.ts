import { graphql, type ResultOf } from '../../graphql/index.ts';

/** A project's flow report of the window (from, to] (instants; see date-range.ts). */
export const ProjectReportQuery = graphql(`
  query ProjectReport($projectId: ID!, $from: DateTime!, $to: DateTime!) {
    project(id: $projectId) {
      id
      report(from: $from, to: $to) {
        from
        to
        scope
        completed
        completionRate
        throughputPerWeek {
          weekStart
          completed
        }
        cycleTime {
          count
          p50Hours
          p85Hours
        }
        leadTime {
          count
          p50Hours
          p85Hours
        }
        aging {
          label
          count
        }
        cumulativeFlow {
          day
          backlog
          unstarted
          started
          completed
          canceled
        }
        perAssignee {
          open
          completed
          user {
            id
            name
            username
          }
        }
      }
    }
  }
`);

/** The report as the charts read it. */
export type Report = NonNullable<ResultOf<typeof ProjectReportQuery>['project']>['report'];
