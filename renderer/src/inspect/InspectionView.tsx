// One opened file: the header with its actions, the overview card, the verification strip, and
// the report's sections as tabs. Verification starts by itself when a package opens and its last
// result is not in the catalog.
import { useId, useMemo, useState } from 'react';
import { countBySeverity } from '../../../electron/common/finding.ts';
import type { InspectionReport, Verification } from '../../../electron/common/inspection.ts';
import { invoke } from '../bridge.ts';
import { ProblemBanner } from '../common/ProblemBanner.tsx';
import { useJob } from '../useJob.ts';
import { DescriptorView } from './DescriptorView.tsx';
import { DisksSection } from './DisksSection.tsx';
import { EulaSection } from './EulaSection.tsx';
import { ExportMenu } from './ExportMenu.tsx';
import { FindingsList } from './FindingsList.tsx';
import { HardwareSection } from './HardwareSection.tsx';
import { HistoryList } from './HistoryList.tsx';
import { NetworksSection } from './NetworksSection.tsx';
import { OverviewCard } from './OverviewCard.tsx';
import { PackageSection } from './PackageSection.tsx';
import { PropertiesForm } from './PropertiesForm.tsx';
import { SectionTabs, type SectionTab } from './SectionTabs.tsx';
import { VerificationSection } from './VerificationSection.tsx';
import { headline, VerificationStatus } from './VerificationStatus.tsx';

type SectionId = 'hardware' | 'disks' | 'networks' | 'properties' | 'eula' | 'package' | 'descriptor' | 'findings' | 'verification' | 'history';

interface Props {
  readonly report: InspectionReport;
  readonly fromCatalog: boolean;
  readonly onReinspect: () => void;
}

export function InspectionView({ report, fromCatalog, onReinspect }: Props) {
  const idPrefix = useId();
  const counts = countBySeverity(report.findings);
  const [section, setSection] = useState<SectionId>(report.problem?.location?.line !== undefined ? 'descriptor' : counts.error > 0 ? 'findings' : report.systems.length > 0 ? 'hardware' : report.disks.length > 0 ? 'disks' : 'package');
  const [focusLine, setFocusLine] = useState<number | undefined>(report.problem?.location?.line);
  const [run, setRun] = useState(report.verifiable && !report.verification ? 1 : 0);
  // Each new `run` is a new start function, which useJob takes as "start another job".
  const start = useMemo(() => (run > 0 ? () => invoke('inspect:verify', { path: report.path }) : undefined), [report.path, run]);
  const { state, cancel } = useJob<Verification>(start);
  const verification = state.status === 'done' ? state.result : state.status === 'idle' ? report.verification : undefined;
  // Where verification stands, for anything waiting on it (the snapshot tool, tests, assistive tech).
  const verificationState = !report.verifiable ? 'none' : state.status === 'idle' ? (verification ? 'done' : 'pending') : state.status;

  const showLine = (line: number) => {
    setFocusLine(line);
    setSection('descriptor');
  };
  const allTabs: SectionTab<SectionId>[] = [
    { id: 'hardware', label: 'Hardware', count: report.systems.reduce((n, s) => n + (s.tables[0]?.rows.length ?? 0), 0) },
    { id: 'disks', label: 'Disks', count: report.disks.length },
    { id: 'networks', label: 'Networks', count: report.networks.length },
    { id: 'properties', label: 'Properties', count: report.properties.length },
    { id: 'eula', label: 'EULA', count: report.eulas.length },
    { id: 'package', label: 'Package', count: report.package?.members.length ?? 0 },
    { id: 'descriptor', label: 'Descriptor' },
    { id: 'findings', label: 'Findings', count: report.findings.length, ...(counts.error > 0 ? { tone: 'error' as const } : counts.warning > 0 ? { tone: 'warning' as const } : {}) },
    { id: 'verification', label: 'Verification', ...(verification && headline(verification).tone === 'bad' ? { tone: 'error' as const } : {}) },
    { id: 'history', label: 'History' },
  ];
  // A bare disk or ISO has no descriptor: only what it does have is offered. A XenServer export
  // describes its VMs in ova.xml but has no properties or EULAs.
  const describesAppliance = report.kind === 'ova' || report.kind === 'ovf' || report.kind === 'ovf-folder' || report.kind === 'xva';
  const tabs = describesAppliance
    ? allTabs.filter((tab) => report.kind !== 'xva' || (tab.id !== 'properties' && tab.id !== 'eula'))
    : allTabs.filter((tab) => tab.id === 'history' || (tab.id === 'disks' && report.disks.length > 0) || (tab.id === 'package' && report.package));
  const shown = tabs.some((tab) => tab.id === section) ? section : (tabs[0]?.id ?? 'history');

  return (
    <article className="inspection" aria-label={`Inspection of ${report.name}`} aria-busy={verificationState === 'pending' || verificationState === 'running'} data-verification={verificationState}>
      <header className="inspection-head">
        <div className="inspection-path">
          <h2 className="file-name">{report.name}</h2>
          <p className="muted path" title={report.path}>
            {report.path} · inspected in {report.elapsedMs} ms{fromCatalog ? ' · from the catalog (file unchanged)' : ''}
          </p>
        </div>
        <div className="inspection-actions">
          <button type="button" onClick={() => void invoke('shell:showItem', { path: report.path })}>
            Show in folder
          </button>
          <button type="button" onClick={onReinspect}>
            Inspect again
          </button>
          <ExportMenu path={report.path} />
        </div>
      </header>
      {report.problem && <ProblemBanner title="This file could not be read completely" problem={report.problem} {...(report.descriptor ? { onShowLine: showLine } : {})} />}
      <OverviewCard report={report} {...(verification ? { verification } : {})} />
      {report.verifiable && <VerificationStatus state={state} {...(verification ? { verification } : {})} onCancel={cancel} onVerify={() => setRun((n) => n + 1)} />}
      <SectionTabs tabs={tabs} selected={shown} onSelect={setSection} idPrefix={idPrefix} />
      <div role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${shown}`} className="section-panel">
        {shown === 'hardware' && <HardwareSection systems={report.systems} onShowLine={showLine} />}
        {shown === 'disks' && <DisksSection disks={report.disks} onShowLine={showLine} />}
        {shown === 'networks' && <NetworksSection networks={report.networks} onShowLine={showLine} />}
        {shown === 'properties' && <PropertiesForm properties={report.properties} />}
        {shown === 'eula' && <EulaSection eulas={report.eulas} />}
        {shown === 'package' && <PackageSection {...(report.package ? { pkg: report.package } : {})} />}
        {shown === 'descriptor' && <DescriptorView {...(report.descriptor ? { descriptor: report.descriptor } : {})} findings={report.findings} {...(focusLine !== undefined ? { focusLine } : {})} />}
        {shown === 'findings' && <FindingsList findings={report.findings} onShowLine={showLine} />}
        {shown === 'verification' && <VerificationSection verifiable={report.verifiable} {...(verification ? { verification } : {})} />}
        {shown === 'history' && <HistoryList path={report.path} refreshKey={`${report.inspectedAt}-${verification?.verifiedAt ?? ''}`} />}
      </div>
    </article>
  );
}
