from django.core.management.base import BaseCommand

from plainly.editorial.checks import all_findings


class Command(BaseCommand):
    help = (
        "List what needs an editor: stale facts, places naming a fact that is gone, figures "
        "contradicting a fact (on a page or between facts) and figures no fact backs, with the "
        "pages concerned; exit with status 1 when there are any, for an operator's CI."
    )

    def handle(self, *args, **options):
        findings = all_findings()
        for finding in findings:
            self.stdout.write(f"{finding.kind}: {finding.subject}: {finding.figure}")
            self.stdout.write(f"  {finding.reason}")
            if finding.sentence:
                self.stdout.write(f"  in: {finding.sentence}")
            for page in finding.pages:
                self.stdout.write(f"  shown on {page.url or page.title}")
        if findings:
            self.stderr.write(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}.")
            raise SystemExit(1)
        self.stdout.write("No findings: every fact is in date, and no page contradicts one.")
