/**
 * The import button and export menu a list page puts in its header. Exports are plain links:
 * the browser downloads the streamed file with the session cookie (a GET needs no CSRF token).
 */
import { Button, Menu } from '@mantine/core'
import { IconChevronDown, IconDownload, IconUpload } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Query } from '../../api/client.ts'
import { useCan } from '../../auth/session.tsx'
import { exportUrl, type ImportObject } from './api.ts'

export function ImportExportButtons({ objectType, query }: { objectType: ImportObject; query: Query }) {
  const { t, i18n } = useTranslation('imports')
  const canImport = useCan(objectType, 'create')
  const lang = i18n.language.startsWith('en') ? 'en' : 'ja'
  const href = (extra: Query) => exportUrl(objectType, { ...query, ...extra, lang })
  return (
    <>
      {canImport ? (
        <Button component={Link} to={`/imports/new?object=${objectType}`} variant="default" leftSection={<IconUpload size={16} />} data-testid="import-open">
          {t('buttons.import')}
        </Button>
      ) : null}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="export-menu">
            {t('buttons.export')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item component="a" href={href({ format: 'csv', encoding: 'utf-8-bom' })} download data-testid="export-csv-utf8">
            {t('buttons.csvUtf8')}
          </Menu.Item>
          <Menu.Item component="a" href={href({ format: 'csv', encoding: 'shift_jis' })} download data-testid="export-csv-sjis" title={t('buttons.sjisHint')}>
            {t('buttons.csvSjis')}
          </Menu.Item>
          {objectType === 'contacts' ? (
            <Menu.Item component="a" href={href({ format: 'vcard' })} download data-testid="export-vcard">
              {t('buttons.vcard')}
            </Menu.Item>
          ) : null}
        </Menu.Dropdown>
      </Menu>
    </>
  )
}
